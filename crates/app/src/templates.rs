//! The templates a facilitator can start a plan from: the built-ins, plus their own files in
//! the template folder, which is read here and handed to `plan` as text.

use std::path::{Path, PathBuf};

use throughline_plan::template::TemplateLibrary;
use throughline_plan::Template;

use crate::error::AppError;

/// A template file larger than this is refused unread (templates are a few kilobytes).
const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;

/// The built-in templates and the facilitator's own.
#[derive(Debug)]
pub struct Templates {
    library: TemplateLibrary,
    /// Template files that could not be read or parsed, each naming the file (and the field).
    pub problems: Vec<AppError>,
    /// Where the facilitator's own templates are read from.
    pub folder: Option<PathBuf>,
}

impl Templates {
    /// The folder for a facilitator's own templates: `$THROUGHLINE_TEMPLATES`, else
    /// `$XDG_CONFIG_HOME/throughline/templates`, else `~/.config/throughline/templates`.
    pub fn default_folder() -> Option<PathBuf> {
        if let Some(dir) = std::env::var_os("THROUGHLINE_TEMPLATES").filter(|d| !d.is_empty()) {
            return Some(PathBuf::from(dir));
        }
        let config = std::env::var_os("XDG_CONFIG_HOME")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
        Some(config.join("throughline").join("templates"))
    }

    /// The built-ins and the templates in the default folder.
    pub fn load() -> Result<Templates, AppError> {
        match Templates::default_folder() {
            Some(dir) => Templates::with_folder(&dir),
            None => Ok(Templates {
                library: TemplateLibrary::builtin(),
                problems: Vec::new(),
                folder: None,
            }),
        }
    }

    /// The built-ins plus every `*.toml` file in `dir` (not its subdirectories), in file-name
    /// order. A bad file is reported in `problems` and skipped; the good ones are loaded. A
    /// folder that does not exist holds no templates. Fails only if `dir` cannot be listed.
    pub fn with_folder(dir: &Path) -> Result<Templates, AppError> {
        let (files, mut problems) = read_folder(dir)?;
        let mut library = TemplateLibrary::builtin();
        for (origin, text) in files {
            match text {
                Ok(text) => problems.extend(
                    library
                        .add_sources([(origin, text)])
                        .into_iter()
                        .map(AppError::from),
                ),
                Err(err) => problems.push(err),
            }
        }
        Ok(Templates {
            library,
            problems,
            folder: Some(dir.to_path_buf()),
        })
    }

    /// Every template and add-on, built-ins first.
    pub fn list(&self) -> &[Template] {
        self.library.list()
    }

    /// The template for a spec: an id (`dsdp`), an id with add-ons (`dsdp+improvement-science`),
    /// or the path of a template file (`./our-program.toml`).
    pub fn resolve(&self, spec: &str) -> Result<Template, AppError> {
        let looks_like_file = spec.ends_with(".toml") || spec.contains(std::path::MAIN_SEPARATOR);
        if looks_like_file {
            let text = read_template_file(Path::new(spec))?;
            let template = Template::from_toml(&text, spec)?;
            return Ok(template);
        }
        Ok(self.library.resolve(spec)?)
    }
}

/// The `*.toml` files in `dir` as (path shown in errors, text or why it could not be read), in
/// file-name order, and the entries that could not be listed.
pub(crate) type FolderFiles = Vec<(String, Result<String, AppError>)>;

pub(crate) fn read_folder(dir: &Path) -> Result<(FolderFiles, Vec<AppError>), AppError> {
    let cannot_read = |path: &Path, err: std::io::Error| AppError::Read {
        path: path.to_path_buf(),
        reason: err.to_string(),
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Ok((Vec::new(), Vec::new()))
        }
        Err(err) => return Err(cannot_read(dir, err)),
    };
    let mut problems = Vec::new();
    let mut files = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                let is_toml = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
                if is_toml && path.is_file() {
                    files.push(path);
                }
            }
            Err(err) => problems.push(cannot_read(dir, err)),
        }
    }
    files.sort();
    let read = files
        .into_iter()
        .map(|path| (path.display().to_string(), read_template_file(&path)))
        .collect();
    Ok((read, problems))
}

/// The text of one template file, refusing a file too large to be a template before reading it.
fn read_template_file(path: &Path) -> Result<String, AppError> {
    let cannot_read = |reason: String| AppError::Read {
        path: path.to_path_buf(),
        reason,
    };
    let size = std::fs::metadata(path)
        .map_err(|e| cannot_read(e.to_string()))?
        .len();
    if size > MAX_TEMPLATE_BYTES {
        return Err(cannot_read(format!(
            "the file is {size} bytes; a template file may be at most {MAX_TEMPLATE_BYTES}"
        )));
    }
    std::fs::read_to_string(path).map_err(|e| cannot_read(e.to_string()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use throughline_plan::section::SectionId;
    use throughline_plan::template::builtin_source;

    use super::*;

    #[test]
    fn the_folder_reports_bad_files_and_keeps_good_ones() {
        let dir = tempfile::tempdir().unwrap();
        let at = |name: &str| dir.path().join(name);
        let own =
            builtin_source("dsdp")
                .unwrap()
                .replacen("id = \"dsdp\"", "id = \"riverside\"", 1);
        std::fs::write(at("b-riverside.toml"), own).unwrap();
        std::fs::write(at("a-broken.toml"), "id = \"broken\"\nname = \n").unwrap();
        std::fs::write(
            at("c-addon.TOML"),
            "id = \"equity-lens\"\nname = \"Equity lens\"\ndescription = \"d\"\nprogram = \"p\"\nadd_on = true\n\n[[sections]]\nid = \"equity_landscape\"\nlabel = \"Equity lens\"\nprompts = [\"p\"]\n",
        )
        .unwrap();
        std::fs::write(
            at("d-huge.toml"),
            " ".repeat(MAX_TEMPLATE_BYTES as usize + 1),
        )
        .unwrap();
        std::fs::write(at("notes.txt"), "not a template").unwrap();
        std::fs::create_dir(at("sub.toml")).unwrap();

        let templates = Templates::with_folder(dir.path()).unwrap();
        let own: Vec<&str> = templates
            .list()
            .iter()
            .skip(TemplateLibrary::builtin().list().len())
            .map(|t| t.id.as_str())
            .collect();
        assert_eq!(own, ["riverside", "equity-lens"]);
        assert_eq!(
            templates
                .resolve("riverside+equity-lens")
                .unwrap()
                .label(SectionId::EquityLandscape),
            "Equity lens"
        );
        let problems: Vec<String> = templates.problems.iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].contains("a-broken.toml, line 2"),
            "{problems:?}"
        );
        assert!(
            problems[1].contains("d-huge.toml") && problems[1].contains("at most 1048576"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_missing_folder_holds_no_templates() {
        let dir = tempfile::tempdir().unwrap();
        let templates = Templates::with_folder(&dir.path().join("nowhere")).unwrap();
        assert!(templates.problems.is_empty());
        assert_eq!(templates.list(), TemplateLibrary::builtin().list());
    }

    #[test]
    fn a_template_named_by_path_is_read_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ours.toml");
        std::fs::write(&path, "id = \"ours\"\nname = \n").unwrap();
        let spec = path.display().to_string();
        let err = Templates::with_folder(&dir.path().join("none"))
            .unwrap()
            .resolve(&spec)
            .unwrap_err()
            .to_string();
        assert!(err.contains("ours.toml, line 2"), "{err}");
        let missing = dir.path().join("missing.toml").display().to_string();
        let err = Templates::with_folder(&dir.path().join("none"))
            .unwrap()
            .resolve(&missing)
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing.toml: cannot read"), "{err}");
    }
}
