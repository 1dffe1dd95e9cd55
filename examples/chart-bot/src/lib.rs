//! A bot whose replies carry files: give it numbers, it draws them as a
//! bar chart (a PNG, shown in the chat) and hands them back as a CSV (a
//! download), with text between, all streamed as they are made.

use colloquy::{Bot, Reply, ReplyWriter, Stopped, Turn};

/// At most this many numbers are drawn.
pub const MAX_BARS: usize = 40;

pub fn bot() -> Bot {
    Bot::new("Chart bot")
        .description("Send some numbers; get a bar chart and a CSV back.")
        .examples(["3 1 4 1 5 9 2 6", "Sales: 120, 340, 90, 410"])
        .handler(|turn: Turn| async move {
            let numbers = numbers_in(turn.text());
            Reply::writer(move |out| answer(numbers, out))
        })
}

async fn answer(numbers: Vec<f64>, mut out: ReplyWriter) -> Result<(), Stopped> {
    if numbers.is_empty() {
        return out.text("Send me some numbers (say `3 1 4 1 5`) and I will chart them.").await;
    }
    out.text(format!("Here are your {} numbers as a chart:\n\n", numbers.len())).await?;
    out.file("chart.png", bar_chart(&numbers, 480, 240)).await?;
    out.text("\n\nAnd as a table, to download:").await?;
    let csv: String = std::iter::once("index,value\n".to_string())
        .chain(numbers.iter().enumerate().map(|(i, n)| format!("{},{n}\n", i + 1)))
        .collect();
    out.file("numbers.csv", csv.into_bytes()).await
}

/// The numbers in `text`, in order (at most [`MAX_BARS`]); words and
/// punctuation between them are skipped.
pub fn numbers_in(text: &str) -> Vec<f64> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .filter_map(|word| word.trim_matches('.').parse::<f64>().ok())
        .filter(|n| n.is_finite())
        .take(MAX_BARS)
        .collect()
}

/// A PNG of `numbers` as bars, scaled to the largest magnitude; negative
/// ones hang below the axis.
pub fn bar_chart(numbers: &[f64], width: u32, height: u32) -> Vec<u8> {
    const BACKGROUND: [u8; 3] = [0xff, 0xff, 0xff];
    const BAR: [u8; 3] = [0x0b, 0x6e, 0x4f];
    const AXIS: [u8; 3] = [0x44, 0x44, 0x44];
    let (w, h) = (width as usize, height as usize);
    let mut pixels = vec![0u8; w * h * 3];
    for pixel in pixels.chunks_mut(3) {
        pixel.copy_from_slice(&BACKGROUND);
    }
    let has_negative = numbers.iter().any(|n| *n < 0.0);
    let axis = if has_negative { h / 2 } else { h - 1 };
    let room = if has_negative { h / 2 - 4 } else { h - 4 } as f64;
    let largest = numbers.iter().fold(0.0f64, |m, n| m.max(n.abs())).max(f64::MIN_POSITIVE);
    let slot = w / numbers.len().max(1);
    let mut paint = |x: usize, y: usize, color: [u8; 3]| {
        if x < w && y < h {
            pixels[(y * w + x) * 3..][..3].copy_from_slice(&color);
        }
    };
    for (i, n) in numbers.iter().enumerate() {
        let bar = ((n.abs() / largest) * room).round() as usize;
        let (left, right) = (i * slot + slot / 8, (i + 1) * slot - slot / 8);
        for x in left..right.max(left + 1) {
            for dy in 0..bar {
                let y = if *n >= 0.0 { axis.saturating_sub(dy) } else { axis + dy };
                paint(x, y, BAR);
            }
        }
    }
    for x in 0..w {
        paint(x, axis, AXIS);
    }
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    // Writing to a Vec cannot fail, and the size matches the pixels.
    let mut writer = encoder.write_header().expect("PNG header into memory");
    writer.write_image_data(&pixels).expect("PNG data into memory");
    drop(writer);
    png
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_found_among_words() {
        assert_eq!(numbers_in("Sales: 120, 340.5, -90 and 4."), vec![120.0, 340.5, -90.0, 4.0]);
        assert!(numbers_in("none here - . --").is_empty());
        assert_eq!(numbers_in(&"1 ".repeat(100)).len(), MAX_BARS);
    }

    #[test]
    fn the_chart_is_a_png_of_the_asked_size() {
        let png = bar_chart(&[3.0, -1.0, 4.0], 120, 60);
        let decoder = png::Decoder::new(std::io::Cursor::new(&png));
        let reader = decoder.read_info().unwrap();
        let info = reader.info();
        assert_eq!((info.width, info.height), (120, 60));
        // Bars are drawn: not every pixel is background.
        let mut reader = reader;
        let mut buffer = vec![0; reader.output_buffer_size()];
        reader.next_frame(&mut buffer).unwrap();
        assert!(buffer.chunks(3).filter(|p| *p == [0x0b, 0x6e, 0x4f]).count() > 100);
    }
}
