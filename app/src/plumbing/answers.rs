//! Answers a page shows once: what a form's function answered (a new user's temporary
//! password) held in memory for the minute between the save and the page the browser is
//! sent back to, under an unguessable name the browser carries in a short-lived cookie.
//! Taking it forgets it, so reloading that page shows it no more and sends nothing again.

use crate::components::PostedAnswer;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long an answer waits for its page.
pub const KEEP_FOR: Duration = Duration::from_secs(60);
/// The most answers held at once; past it the one nearest its end gives way.
const MAX_HELD: usize = 1_000;
/// The most an answer and its page's address may hold together: a temporary password is a
/// few dozen characters. At most [`MAX_HELD`] of these are held (4 MB).
pub const MAX_ANSWER_CHARS: usize = 4 * 1024;

/// The answers waiting for their pages (in `AppState`).
#[derive(Debug, Default)]
pub struct OneTimeAnswers {
    held: Mutex<HashMap<String, Held>>,
}

#[derive(Debug)]
struct Held {
    until: Instant,
    /// The address of the page that shows it: another request the browser makes in that
    /// minute (a stylesheet, another tab) leaves it waiting.
    page: String,
    answer: PostedAnswer,
}

impl OneTimeAnswers {
    /// Holds `answer` for the page at `page` under `name` until `now` + [`KEEP_FOR`]; false
    /// when the answer is too long to hold (it is then not held).
    pub fn keep(&self, name: String, page: &str, answer: PostedAnswer, now: Instant) -> bool {
        // The page's address counts too: what is held stays small whatever is posted.
        if answer.len() + page.len() > MAX_ANSWER_CHARS {
            return false;
        }
        let Ok(mut held) = self.held.lock() else {
            return false;
        };
        held.retain(|_, waiting| waiting.until > now);
        if held.len() >= MAX_HELD {
            let nearest_end = held
                .iter()
                .min_by_key(|(_, waiting)| waiting.until)
                .map(|(name, _)| name.clone());
            if let Some(nearest_end) = nearest_end {
                held.remove(&nearest_end);
            }
        }
        held.insert(
            name,
            Held {
                until: now + KEEP_FOR,
                page: page.to_owned(),
                answer,
            },
        );
        true
    }

    /// The answer held under `name` for the page at `page`, forgotten as it is taken; none
    /// once it has been taken or its minute is over.
    pub fn take(&self, name: &str, page: &str, now: Instant) -> Option<PostedAnswer> {
        let mut held = self.held.lock().ok()?;
        if held.get(name)?.page != page {
            return None;
        }
        let waiting = held.remove(name)?;
        (waiting.until > now).then_some(waiting.answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(text: &str) -> PostedAnswer {
        PostedAnswer::new("/api/create_user".to_owned(), text.to_owned())
    }

    #[test]
    fn an_answer_is_taken_once() {
        let answers = OneTimeAnswers::default();
        let now = Instant::now();
        assert!(answers.keep("a".into(), "/admin", answer("\"pw\""), now));
        assert_eq!(answers.take("b", "/admin", now), None);
        assert_eq!(
            answers.take("a", "/pkg/linkway.css", now),
            None,
            "another address"
        );
        assert_eq!(answers.take("a", "/admin", now), Some(answer("\"pw\"")));
        assert_eq!(
            answers.take("a", "/admin", now),
            None,
            "a reload shows it no more"
        );
    }

    #[test]
    fn an_answer_waits_a_minute_and_no_longer() {
        let answers = OneTimeAnswers::default();
        let now = Instant::now();
        answers.keep("a".into(), "/", answer("1"), now);
        answers.keep("b".into(), "/", answer("2"), now);
        let almost = now + KEEP_FOR - Duration::from_secs(1);
        assert_eq!(answers.take("a", "/", almost), Some(answer("1")));
        assert_eq!(answers.take("b", "/", now + KEEP_FOR), None);
    }

    #[test]
    fn what_is_held_is_bounded() {
        let answers = OneTimeAnswers::default();
        let start = Instant::now();
        for n in 0..=MAX_HELD {
            let at = start + Duration::from_millis(n as u64);
            assert!(answers.keep(format!("n{n}"), "/", answer("x"), at));
        }
        let now = start + Duration::from_millis(MAX_HELD as u64);
        assert_eq!(answers.held.lock().unwrap().len(), MAX_HELD);
        assert_eq!(answers.take("n0", "/", now), None, "the oldest gave way");
        assert!(answers.take(&format!("n{MAX_HELD}"), "/", now).is_some());
        let long = answer(&"x".repeat(MAX_ANSWER_CHARS + 1));
        assert!(!answers.keep("long".into(), "/", long, now));
        assert_eq!(answers.take("long", "/", now), None);
        let long_page = format!("/{}", "p".repeat(MAX_ANSWER_CHARS));
        assert!(!answers.keep("page".into(), &long_page, answer("x"), now));
    }
}
