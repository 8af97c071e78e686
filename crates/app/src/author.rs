//! Who changes are saved under: one rule for the CLI and the desktop, so a person is named
//! the same in presence, comments, statuses, history and the plan file's log.

/// What a change is saved under when nobody has said who they are and there is no login name.
pub const NOBODY: &str = "someone";

/// The name a person gave: `given` (the CLI's `--author`, the desktop's saved display name),
/// else `$THROUGHLINE_AUTHOR`; `None` when neither names anyone.
pub fn named_author(given: Option<&str>) -> Option<String> {
    given
        .map(str::to_owned)
        .into_iter()
        .chain(std::env::var("THROUGHLINE_AUTHOR").ok())
        .map(|a| a.trim().to_owned())
        .find(|a| !a.is_empty())
}

/// The login name (`$USER`), offered when nobody has said who they are.
pub fn login_name() -> Option<String> {
    std::env::var("USER")
        .ok()
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty())
}

/// The name changes are saved under: the name given, else the login name, else "someone".
pub fn default_author(given: Option<&str>) -> String {
    named_author(given)
        .or_else(login_name)
        .unwrap_or_else(|| NOBODY.to_owned())
}

/// A display name as typed, tidied, or why it cannot be one.
pub fn display_name(typed: &str) -> Result<String, &'static str> {
    let name = typed.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err("type the name the others should see");
    }
    if name.chars().count() > 60 {
        return Err("a name of at most 60 characters, please");
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn a_name_given_wins_and_blank_names_count_for_nothing() {
        assert_eq!(
            named_author(Some("  Ana Ruiz ")).as_deref(),
            Some("Ana Ruiz")
        );
        assert_eq!(default_author(Some("Ana")), "Ana");
        // Blank given: the environment decides (whatever it holds here, never a blank name).
        assert!(!default_author(Some("   ")).trim().is_empty());
    }

    #[test]
    fn a_display_name_is_tidied_and_refused_when_blank_or_long() {
        assert_eq!(display_name("  Ana \n Ruiz ").unwrap(), "Ana Ruiz");
        assert!(display_name(" \t ").is_err());
        assert!(display_name(&"x".repeat(61)).is_err());
        assert_eq!(display_name("Zoë").unwrap(), "Zoë");
    }
}
