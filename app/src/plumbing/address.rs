//! The client's address, for counting sign-in attempts per address. Behind a reverse proxy
//! every request arrives from the proxy, so the address the proxy forwards in
//! `X-Forwarded-For` is believed — but only when the peer is a proxy the operator named in
//! `LINKWAY_TRUSTED_PROXIES`: anyone else can write any address there.

use http::HeaderMap;
use std::net::{IpAddr, SocketAddr};

/// One trusted proxy: an address (`10.0.0.5`, `::1`) or a network (`10.0.0.0/8`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProxyNet {
    network: IpAddr,
    prefix: u8,
}

impl ProxyNet {
    pub fn parse(text: &str) -> Option<Self> {
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let network = address.trim().parse::<IpAddr>().ok()?.to_canonical();
        let bits = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(prefix) => prefix.trim().parse::<u8>().ok().filter(|p| *p <= bits)?,
            None => bits,
        };
        Some(Self { network, prefix })
    }

    fn contains(&self, address: IpAddr) -> bool {
        match (self.network, address.to_canonical()) {
            (IpAddr::V4(network), IpAddr::V4(address)) => same_prefix(
                u32::from(network).into(),
                u32::from(address).into(),
                32 - u32::from(self.prefix),
            ),
            (IpAddr::V6(network), IpAddr::V6(address)) => same_prefix(
                u128::from(network),
                u128::from(address),
                128 - u32::from(self.prefix),
            ),
            _ => false,
        }
    }
}

/// Whether `a` and `b` agree once their `host_bits` low bits are dropped.
fn same_prefix(a: u128, b: u128, host_bits: u32) -> bool {
    // A shift by all 128 bits (`::/0`) leaves nothing to compare.
    a.checked_shr(host_bits).unwrap_or(0) == b.checked_shr(host_bits).unwrap_or(0)
}

/// The reverse proxies whose `X-Forwarded-For` is believed (none by default).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<ProxyNet>);

impl TrustedProxies {
    /// A comma-separated list of addresses and CIDR networks; an entry that is neither is
    /// the error.
    pub fn parse(list: &str) -> Result<Self, String> {
        list.split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| ProxyNet::parse(entry).ok_or_else(|| entry.to_owned()))
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    pub fn trusts(&self, address: IpAddr) -> bool {
        self.0.iter().any(|network| network.contains(address))
    }

    /// The client behind a request from `peer`: the peer itself unless it is a trusted
    /// proxy; then the right-most `X-Forwarded-For` entry that is not itself a trusted
    /// proxy. Entries further left were written by the client and are never believed.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let mut client = peer.to_canonical();
        if !self.trusts(client) {
            return client;
        }
        let forwarded: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .collect();
        for entry in forwarded.iter().rev() {
            if !self.trusts(client) {
                break;
            }
            match forwarded_address(entry) {
                Some(address) => client = address,
                // A hop we cannot read: the last address we could is the best we know.
                None => break,
            }
        }
        client
    }
}

/// An `X-Forwarded-For` entry: an address, perhaps with a port (`203.0.113.7:5100`).
fn forwarded_address(entry: &str) -> Option<IpAddr> {
    entry
        .parse::<IpAddr>()
        .or_else(|_| entry.parse::<SocketAddr>().map(|socket| socket.ip()))
        .ok()
        .map(|address| address.to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn forwarded(values: &[&'static str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn addresses_and_networks_parse_and_anything_else_is_named() {
        let trusted = TrustedProxies::parse(" 127.0.0.1, 10.0.0.0/8 ,fd00::/8,").unwrap();
        assert!(trusted.trusts(ip("127.0.0.1")));
        assert!(trusted.trusts(ip("10.200.3.4")));
        assert!(trusted.trusts(ip("::ffff:10.1.1.1")), "IPv4-mapped IPv6");
        assert!(trusted.trusts(ip("fd12::1")));
        assert!(!trusted.trusts(ip("11.0.0.1")));
        assert!(!trusted.trusts(ip("127.0.0.2")));
        assert_eq!(
            TrustedProxies::parse("10.0.0.1, proxy.internal"),
            Err("proxy.internal".to_owned())
        );
        assert_eq!(
            TrustedProxies::parse("10.0.0.0/33"),
            Err("10.0.0.0/33".to_owned())
        );
        assert_eq!(TrustedProxies::parse(""), Ok(TrustedProxies::default()));
        assert!(TrustedProxies::parse("::/0")
            .unwrap()
            .trusts(ip("2001:db8::1")));
    }

    #[test]
    fn the_header_is_ignored_unless_the_peer_is_trusted() {
        let none = TrustedProxies::default();
        let headers = forwarded(&["198.51.100.9"]);
        assert_eq!(none.client(ip("203.0.113.7"), &headers), ip("203.0.113.7"));
        let proxy = TrustedProxies::parse("10.0.0.5").unwrap();
        assert_eq!(proxy.client(ip("203.0.113.7"), &headers), ip("203.0.113.7"));
    }

    #[test]
    fn behind_trusted_proxies_the_right_most_untrusted_hop_is_the_client() {
        let proxies = TrustedProxies::parse("10.0.0.0/8").unwrap();
        // The client wrote "1.1.1.1" itself; the edge proxy appended the real address,
        // and an inner proxy appended the edge's.
        let headers = forwarded(&["1.1.1.1, 203.0.113.7", "10.0.0.9"]);
        assert_eq!(proxies.client(ip("10.0.0.5"), &headers), ip("203.0.113.7"));
        // A port on the hop, and no header at all.
        let with_port = forwarded(&["203.0.113.7:5100"]);
        assert_eq!(
            proxies.client(ip("10.0.0.5"), &with_port),
            ip("203.0.113.7")
        );
        assert_eq!(
            proxies.client(ip("10.0.0.5"), &HeaderMap::new()),
            ip("10.0.0.5")
        );
        // An unreadable hop: the last address read stands.
        let garbled = forwarded(&["203.0.113.7, garbage"]);
        assert_eq!(proxies.client(ip("10.0.0.5"), &garbled), ip("10.0.0.5"));
    }
}
