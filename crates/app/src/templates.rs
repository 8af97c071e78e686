//! The templates a facilitator can start a plan from: the built-ins, plus their own files in
//! the template folder.

use std::path::{Path, PathBuf};

use throughline_plan::template::{TemplateError, TemplateLibrary};
use throughline_plan::Template;

use crate::error::AppError;

/// The built-in templates and the facilitator's own.
#[derive(Debug)]
pub struct Templates {
    library: TemplateLibrary,
    /// Template files that could not be read, each naming the file and the field.
    pub problems: Vec<TemplateError>,
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

    /// The built-ins and the templates in `dir`.
    pub fn with_folder(dir: &Path) -> Result<Templates, AppError> {
        let (library, problems) = TemplateLibrary::with_dir(dir)?;
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
            let path = Path::new(spec);
            let text = std::fs::read_to_string(path).map_err(|e| AppError::Read {
                path: path.to_path_buf(),
                reason: e.to_string(),
            })?;
            let template = Template::from_toml(&text, spec)?;
            return Ok(template);
        }
        Ok(self.library.resolve(spec)?)
    }
}
