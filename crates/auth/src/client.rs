//! The address of the person asking. Behind a reverse proxy every request
//! comes from the proxy; the proxy says who its client was in
//! `X-Forwarded-For`. That header is believed only when the request really
//! comes from a configured proxy, and only as far as the chain runs through
//! proxies: anything a client writes there itself is not believed.

use std::net::IpAddr;

use ipnet::IpNet;

/// The networks requests may come through (from configuration).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0:?} is not an address or network (use 10.0.0.1, 10.0.0.0/8 or ::1)")]
pub struct BadNetwork(pub String);

impl TrustedProxies {
    /// Parses addresses and networks: `127.0.0.1`, `10.0.0.0/8`, `::1`.
    pub fn parse(entries: &[String]) -> Result<Self, BadNetwork> {
        entries
            .iter()
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| BadNetwork(entry.clone()))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    pub fn contains(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.0.iter().any(|net| net.contains(&address))
    }

    /// The client's address: the peer, unless the peer is a trusted proxy;
    /// then the nearest address in `X-Forwarded-For` that is not one.
    ///
    /// `forwarded_for` is every `X-Forwarded-For` line of the request, in
    /// order: HTTP makes several lines of one header one list, and a proxy
    /// may append a line of its own rather than extend the first. Reading
    /// only the first line would believe what the client wrote there.
    pub fn client<'a>(&self, peer: IpAddr, forwarded_for: impl IntoIterator<Item = &'a str>) -> IpAddr {
        let peer = canonical(peer);
        if !self.contains(peer) {
            return peer;
        }
        let hops: Vec<&str> = forwarded_for.into_iter().flat_map(|line| line.split(',')).map(str::trim).collect();
        let mut client = peer;
        for hop in hops.into_iter().rev() {
            let Ok(address) = hop.parse::<IpAddr>() else { break };
            client = canonical(address);
            if !self.contains(client) {
                break;
            }
        }
        client
    }
}

/// IPv4 written as IPv6 (`::ffff:1.2.3.4`) is the IPv4 address.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn forwarded_for_is_believed_only_from_proxies() {
        let proxies = TrustedProxies::parse(&["10.0.0.0/8".into(), "::1".into()]).unwrap();
        // Straight from a client: its own address, whatever it claims.
        assert_eq!(proxies.client(ip("203.0.113.9"), Some("198.51.100.1")), ip("203.0.113.9"));
        assert_eq!(proxies.client(ip("10.1.2.3"), None), ip("10.1.2.3"));
        // Through the proxy: the proxy's client.
        assert_eq!(proxies.client(ip("10.1.2.3"), Some("203.0.113.9")), ip("203.0.113.9"));
        // A client that wrote its own header before the proxy appended: the
        // forged part (left of the real client) is not believed.
        assert_eq!(proxies.client(ip("10.1.2.3"), Some("1.1.1.1, 203.0.113.9")), ip("203.0.113.9"));
        // Two proxies deep.
        assert_eq!(proxies.client(ip("::1"), Some("203.0.113.9, 10.9.9.9")), ip("203.0.113.9"));
        // Garbage stops the walk at the last good hop.
        assert_eq!(proxies.client(ip("10.1.2.3"), Some("nonsense")), ip("10.1.2.3"));
        assert_eq!(proxies.client(ip("::ffff:10.1.2.3"), Some("203.0.113.9")), ip("203.0.113.9"));
        assert_eq!(TrustedProxies::parse(&["10.0.0.0/33".into()]), Err(BadNetwork("10.0.0.0/33".into())));
    }

    #[test]
    fn a_forged_first_forwarded_for_line_is_not_believed() {
        // The client sends its own X-Forwarded-For line; the proxy adds a
        // second line with the address it really saw. The right-most
        // address not a proxy's is the client, across all lines.
        let proxies = TrustedProxies::parse(&["10.0.0.0/8".into()]).unwrap();
        let lines = ["198.51.100.77", "203.0.113.9"];
        assert_eq!(proxies.client(ip("10.1.2.3"), lines), ip("203.0.113.9"));
        let lines = ["198.51.100.77, 203.0.113.9", "10.2.2.2"];
        assert_eq!(proxies.client(ip("10.1.2.3"), lines), ip("203.0.113.9"));
    }
}
