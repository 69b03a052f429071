//! Where sign-in sends a person afterwards: the page they were on when they were asked to
//! sign in (a link in an email, a bookmark), checked to be a page of this site, so that no
//! address can send them to another one.

/// The sign-in page's query parameter and form field that carry the page to return to.
pub const NEXT_FIELD: &str = "next";
/// The longest return address kept; a longer one is dropped (home instead).
const MAX_RETURN_LEN: usize = 2_000;
const SIGN_IN: &str = "/sign-in";

/// `next` when it is a page of this site to return to: a path (and query) with one
/// leading `/`, no scheme or host, no backslash, no control character, and not the
/// sign-in page itself.
pub fn safe_return_address(next: &str) -> Option<&str> {
    let path = next.split(['?', '#']).next().unwrap_or_default();
    let safe = next.len() <= MAX_RETURN_LEN
        && next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control)
        && !path.contains(':')
        && path != SIGN_IN
        && !path.starts_with("/sign-in/");
    safe.then_some(next)
}

/// The sign-in page that returns to `page` afterwards (plain `/sign-in` for home, or for
/// an address that may not be returned to).
pub fn sign_in_returning_to(page: &str) -> String {
    match safe_return_address(page).filter(|page| *page != "/") {
        Some(page) => format!(
            "{SIGN_IN}?{NEXT_FIELD}={}",
            crate::format::query_value(page)
        ),
        None => SIGN_IN.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_page_of_this_site_is_returned_to() {
        for good in [
            "/recommendations/4",
            "/returns/periods/3/boroughs/camden?x=1",
            "/",
        ] {
            assert_eq!(safe_return_address(good), Some(good), "{good}");
        }
        for bad in [
            "https://elsewhere.example/",
            "//elsewhere.example/x",
            "/\\elsewhere.example",
            "elsewhere",
            "",
            "/sign-in",
            "/sign-in?next=/sign-in",
            "/a\nb",
            "/javascript:alert(1)",
        ] {
            assert_eq!(safe_return_address(bad), None, "{bad:?}");
        }
        assert_eq!(
            safe_return_address(&format!("/{}", "a".repeat(3_000))),
            None
        );
    }

    #[test]
    fn the_sign_in_address_carries_the_page_encoded() {
        assert_eq!(
            sign_in_returning_to("/returns/periods/3?x=1&y=2"),
            "/sign-in?next=%2Freturns%2Fperiods%2F3%3Fx%3D1%26y%3D2"
        );
        assert_eq!(sign_in_returning_to("/"), "/sign-in");
        assert_eq!(sign_in_returning_to("//evil.example"), "/sign-in");
    }
}
