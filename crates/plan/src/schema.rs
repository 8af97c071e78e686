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
    Enum(&'static [&'static str]),
    /// The id of one item in the named collection.
    Ref(&'static str),
    /// A set of ids of items in the named collection: a `Y.Map` of id → `true`, so concurrent
    /// additions from different people all survive.
    Links(&'static str),
    /// A set of free labels (student groups): a `Y.Map` of label → `true`.
    Tags,
    /// Each person's own rating: a `Y.Map` of member id → rating key, one entry per person so
    /// that ratings made at the same time never overwrite each other.
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
        $crate::schema::FieldKind::Enum(<$e>::KEYS)
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
        item $name:ident ($noun:literal, $prefix:literal) {
            $( $(#[doc = $fdoc:literal])* $field:ident : $kind:ident $(($arg:tt))? ),* $(,)?
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
            const SCHEMA: $crate::schema::ItemSchema = $crate::schema::ItemSchema {
                noun: $noun,
                id_prefix: $prefix,
                fields: &[ $( $crate::schema::Field {
                    name: stringify!($field),
                    kind: $crate::schema::field_kind!($kind $(($arg))?),
                    doc: concat!($( $fdoc, )* ""),
                } ),* ],
                doc: concat!($( $doc, )* ""),
            };
        }
    };
    (
        $(#[doc = $doc:literal])*
        single $name:ident ($noun:literal) {
            $( $(#[doc = $fdoc:literal])* $field:ident : $kind:ident $(($arg:tt))? ),* $(,)?
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
                } ),* ],
                doc: concat!($( $doc, )* ""),
            };
        }
    };
}

pub(crate) use {field_kind, field_type, plan_part};
