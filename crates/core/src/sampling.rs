use serde::{Deserialize, Serialize};

/// How the next token is chosen.
///
/// `temperature == 0` means greedy decoding: the same prompt gives the same
/// reply every time, whatever the seed. With a temperature above zero, a fixed
/// `seed` makes replies repeatable; `None` draws a fresh seed per reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct SamplingParams {
    /// 0 to 2; 0 is greedy (the likeliest token every time).
    pub temperature: f32,
    /// Nucleus sampling: draw from the likeliest tokens whose chances add
    /// up to this (0 to 1].
    pub top_p: f32,
    /// The longest reply, in tokens.
    pub max_new_tokens: u32,
    /// Makes replies repeatable at a temperature above 0; unset, each
    /// reply draws a fresh seed.
    pub seed: Option<u32>,
    /// Penalty on tokens seen in the last 64 tokens; around 1.1 keeps a small
    /// model from looping. 1.0 turns it off.
    pub repeat_penalty: f32,
}

impl Default for SamplingParams {
    fn default() -> Self {
        Self { temperature: 0.3, top_p: 0.9, max_new_tokens: 512, seed: None, repeat_penalty: 1.1 }
    }
}

/// A sampling setting outside its meaningful range.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SamplingError {
    #[error("temperature must be between 0 and 2 (0 = greedy), got {0}")]
    Temperature(f32),
    #[error("top_p must be above 0 and at most 1, got {0}")]
    TopP(f32),
    #[error("max_new_tokens must be between 1 and 32768, got {0}")]
    MaxNewTokens(u32),
    #[error("repeat_penalty must be between 1 and 2 (1 = off), got {0}")]
    RepeatPenalty(f32),
}

impl SamplingParams {
    pub fn validate(&self) -> Result<(), SamplingError> {
        if !(0.0..=2.0).contains(&self.temperature) {
            return Err(SamplingError::Temperature(self.temperature));
        }
        if !(self.top_p > 0.0 && self.top_p <= 1.0) {
            return Err(SamplingError::TopP(self.top_p));
        }
        if !(1..=32768).contains(&self.max_new_tokens) {
            return Err(SamplingError::MaxNewTokens(self.max_new_tokens));
        }
        if !(1.0..=2.0).contains(&self.repeat_penalty) {
            return Err(SamplingError::RepeatPenalty(self.repeat_penalty));
        }
        Ok(())
    }

    pub fn is_greedy(&self) -> bool {
        self.temperature == 0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        SamplingParams::default().validate().unwrap();
    }

    #[test]
    fn out_of_range_values_are_named() {
        let bad = SamplingParams { temperature: -1.0, ..Default::default() };
        assert_eq!(bad.validate(), Err(SamplingError::Temperature(-1.0)));
        let bad = SamplingParams { top_p: 0.0, ..Default::default() };
        assert_eq!(bad.validate(), Err(SamplingError::TopP(0.0)));
        let bad = SamplingParams { max_new_tokens: 0, ..Default::default() };
        assert_eq!(bad.validate(), Err(SamplingError::MaxNewTokens(0)));
        let bad = SamplingParams { temperature: f32::NAN, ..Default::default() };
        assert!(bad.validate().is_err());
    }
}
