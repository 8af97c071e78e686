//! The shape of every plan part, as data: which fields a part has and how each is held in the
//! Yjs document. One declaration per part produces both its typed Rust struct and this schema, so
//! the typed API, the document layout and `docs/plan-format.md` cannot drift apart.

/// How one field is held in the document.
#[derive(Clone, Copy, Debug)]
pub enum FieldKind {
    /// Prose people type together: a `Y.Text`, merged character by character.
    Text,
    /// A short code written whole (last writer wins): a plain string.
    Str,
    /// An integer (amounts in a unit's smallest step, ranks), stored as a JSON number.
    Int,
    /// A measured value (may have decimals), stored as a JSON number.
    Num,
    /// Yes or no.
    Bool,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A fiscal year, `YYYY-YY` (e.g. `2026-27`).
    FiscalYear,
    /// One key of a closed vocabulary.
    Enum(&'static crate::vocab::Vocabulary),
    /// The id of one item in the named collection.
    Ref(&'static str),
    /// A set of ids of items in the named collection: a `Y.Map` of id → `true`, so concurrent
    /// additions from different people all survive.
    Links(&'static str),
    /// A set of free labels (student groups): a `Y.Map` of label → `true`.
    Tags,
    /// Each person's own entry (a rating key, a sealed rating or ballot): a `Y.Map` of member
    /// id → text, one entry per person so that entries made at the same time never overwrite
    /// each other, and a person's second laptop replaces their entry instead of adding one.
    Ratings,
    /// Nested items: a `Y.Map` of id → item `Y.Map`, ordered by each item's `order` key.
    Items(&'static ItemSchema),
    /// Plain JSON written whole (the template the plan was started from).
    Json,
}

/// One field of a part.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// The key in the item's `Y.Map` and in the plan's JSON.
    pub name: &'static str,
    /// How the value is held.
    pub kind: FieldKind,
    /// What the field means, from its declaration's doc comment ("" when it has none).
    pub doc: &'static str,
    /// The words people read for the field, where its name alone does not read well
    /// (`#[label = "…"]` on its declaration); see [`crate::display::field_label`].
    pub label: Option<&'static str>,
}

/// The fields of one kind of part.
#[derive(Debug)]
pub struct ItemSchema {
    /// The part's name in people's words ("strategy"), used in messages.
    pub noun: &'static str,
    /// Prefix of the ids minted for new items (`st` → `st3f2a.17`).
    pub id_prefix: &'static str,
    /// The fields, in the order they are documented and serialised.
    pub fields: &'static [Field],
    /// What the part is, from its declaration's doc comment.
    pub doc: &'static str,
    /// One part of its own (the vision), not an item of a collection.
    pub single: bool,
    /// The text field that names an item in lists, links, history and compare: the one named
    /// by `title = …` in its declaration, or else its first text field. `None` for a single
    /// part and for an item with no text (it is named by its noun); see
    /// [`crate::display::title`].
    pub title: Option<&'static str>,
}

impl ItemSchema {
    /// The field with this name.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// A typed plan part whose layout is described by a schema.
pub trait Part: serde::Serialize + serde::de::DeserializeOwned + Default + Clone {
    /// The part's schema.
    const SCHEMA: ItemSchema;

    /// The text of its title field ([`ItemSchema::title`]), as typed.
    fn title_text(&self) -> Option<&str>;
}

/// The title field a part declares, else its first text field. `const` so the schema carries
/// the answer and every reader of it finds the same field.
pub const fn title_field(
    fields: &'static [Field],
    declared: &'static [&'static str],
) -> Option<&'static str> {
    if let [name, ..] = declared {
        return Some(name);
    }
    let mut i = 0;
    while i < fields.len() {
        if matches!(fields[i].kind, FieldKind::Text) {
            return Some(fields[i].name);
        }
        i += 1;
    }
    None
}

/// A field's value as an item's title: only text fields can name an item.
pub trait TitleText {
    fn title_text(&self) -> Option<&str>;
}

impl TitleText for String {
    fn title_text(&self) -> Option<&str> {
        Some(self)
    }
}

impl<T> TitleText for Option<T> {
    fn title_text(&self) -> Option<&str> {
        None
    }
}

impl<T> TitleText for Vec<T> {
    fn title_text(&self) -> Option<&str> {
        None
    }
}

impl TitleText for bool {
    fn title_text(&self) -> Option<&str> {
        None
    }
}

impl<K, V> TitleText for std::collections::BTreeMap<K, V> {
    fn title_text(&self) -> Option<&str> {
        None
    }
}

/// Maps a field kind in a part declaration to its Rust type.
macro_rules! field_type {
    (Text) => { String };
    (Str) => { String };
    (Int) => { Option<i64> };
    (Num) => { Option<f64> };
    (Bool) => { bool };
    (Date) => { Option<String> };
    (FiscalYear) => { Option<String> };
    (Enum($e:ty)) => { Option<$e> };
    (Ref($c:ident)) => { Option<String> };
    (Links($c:ident)) => { Vec<String> };
    (Tags) => { Vec<String> };
    (Ratings) => { std::collections::BTreeMap<String, String> };
    (Items($t:ty)) => { Vec<$t> };
    (Json($t:ty)) => { Option<$t> };
}

/// Maps a field kind in a part declaration to its [`FieldKind`].
macro_rules! field_kind {
    (Text) => {
        $crate::schema::FieldKind::Text
    };
    (Str) => {
        $crate::schema::FieldKind::Str
    };
    (Int) => {
        $crate::schema::FieldKind::Int
    };
    (Num) => {
        $crate::schema::FieldKind::Num
    };
    (Bool) => {
        $crate::schema::FieldKind::Bool
    };
    (Date) => {
        $crate::schema::FieldKind::Date
    };
    (FiscalYear) => {
        $crate::schema::FieldKind::FiscalYear
    };
    (Enum($e:ty)) => {
        $crate::schema::FieldKind::Enum(&<$e>::VOCABULARY)
    };
    (Ref($c:ident)) => {
        $crate::schema::FieldKind::Ref(stringify!($c))
    };
    (Links($c:ident)) => {
        $crate::schema::FieldKind::Links(stringify!($c))
    };
    (Tags) => {
        $crate::schema::FieldKind::Tags
    };
    (Ratings) => {
        $crate::schema::FieldKind::Ratings
    };
    (Items($t:ty)) => {
        $crate::schema::FieldKind::Items(&<$t as $crate::schema::Part>::SCHEMA)
    };
    (Json($t:ty)) => {
        $crate::schema::FieldKind::Json
    };
}

/// Declares a plan part: its struct (with a stable `id` when it is an item of a collection) and
/// its schema.
macro_rules! plan_part {
    (
        $(#[doc = $doc:literal])*
        item $name:ident ($noun:literal, $prefix:literal $(, title = $title:ident)?) {
            $( $(#[doc = $fdoc:literal])* $(#[label = $label:literal])? $field:ident : $kind:ident $(($arg:tt))? ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(default, deny_unknown_fields)]
        pub struct $name {
            /// Stable id: never reused, never changed, the target of links.
            pub id: String,
            $( $(#[doc = $fdoc])* pub $field: $crate::schema::field_type!($kind $(($arg))?), )*
        }

        impl $crate::schema::Part for $name {
            const SCHEMA: $crate::schema::ItemSchema = {
                const FIELDS: &[$crate::schema::Field] = &[ $( $crate::schema::Field {
                    name: stringify!($field),
                    kind: $crate::schema::field_kind!($kind $(($arg))?),
                    doc: concat!($( $fdoc, )* ""),
                    label: $crate::schema::field_label!($($label)?),
                } ),* ];
                $crate::schema::ItemSchema {
                    noun: $noun,
                    id_prefix: $prefix,
                    fields: FIELDS,
                    doc: concat!($( $doc, )* ""),
                    single: false,
                    title: $crate::schema::title_field(FIELDS, &[$(stringify!($title))?]),
                }
            };

            fn title_text(&self) -> Option<&str> {
                let title = <Self as $crate::schema::Part>::SCHEMA.title?;
                $( if title == stringify!($field) {
                    return $crate::schema::TitleText::title_text(&self.$field);
                } )*
                None
            }
        }
    };
    (
        $(#[doc = $doc:literal])*
        single $name:ident ($noun:literal) {
            $( $(#[doc = $fdoc:literal])* $(#[label = $label:literal])? $field:ident : $kind:ident $(($arg:tt))? ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(default, deny_unknown_fields)]
        pub struct $name {
            $( $(#[doc = $fdoc])* pub $field: $crate::schema::field_type!($kind $(($arg))?), )*
        }

        impl $crate::schema::Part for $name {
            const SCHEMA: $crate::schema::ItemSchema = $crate::schema::ItemSchema {
                noun: $noun,
                id_prefix: "",
                fields: &[ $( $crate::schema::Field {
                    name: stringify!($field),
                    kind: $crate::schema::field_kind!($kind $(($arg))?),
                    doc: concat!($( $fdoc, )* ""),
                    label: $crate::schema::field_label!($($label)?),
                } ),* ],
                doc: concat!($( $doc, )* ""),
                single: true,
                title: None,
            };

            fn title_text(&self) -> Option<&str> {
                None
            }
        }
    };
}

/// A field's declared label, if it has one.
macro_rules! field_label {
    () => {
        None
    };
    ($label:literal) => {
        Some($label)
    };
}

pub(crate) use {field_kind, field_label, field_type, plan_part};
