//! Code lists: the fixed sets of values stored as text codes (statuses, roles, RAG, the
//! return's coded columns). [`code_list!`] declares one — the enum, each entry's stored code
//! and label, the list in order, and (with `ssr`) a strict database decode — so every list
//! works the same way: a row holding a code the list does not know is an error, never a
//! default and never a dropped row.

/// A fixed code list: each entry's stored code and the label pages and templates show.
/// Implemented by [`code_list!`]; generic code (the return's cell checks) takes `T: CodeList`.
pub trait CodeList: Copy + PartialEq + Sized + 'static {
    /// Every entry, in the order the list is shown.
    const ALL: &'static [Self];

    /// The code stored in the database and sent by forms.
    fn code(self) -> &'static str;

    /// The words a person reads.
    fn label(self) -> &'static str;

    /// The entry stored as `code`, if the list has one.
    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|item| item.code() == code)
    }

    /// The entry whose label matches, ignoring case and surrounding spaces.
    fn from_label(label: &str) -> Option<Self> {
        let label = label.trim();
        Self::ALL
            .iter()
            .copied()
            .find(|item| item.label().eq_ignore_ascii_case(label))
    }

    /// Every entry as a form's options: (code, label).
    fn options() -> Vec<(String, String)> {
        Self::ALL
            .iter()
            .map(|item| (item.code().to_owned(), item.label().to_owned()))
            .collect()
    }

    fn labels() -> Vec<&'static str> {
        Self::ALL.iter().map(|item| item.label()).collect()
    }
}

/// Declares a code list:
///
/// ```ignore
/// code_list! {
///     #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
///     pub enum Rag {
///         Green = ("green", "Green"),
///         Amber = ("amber", "Amber"),
///         Red = ("red", "Red"),
///     }
/// }
/// ```
///
/// gives the enum as written (attributes and derives kept, so serde's wire format is the
/// variant names as before), `ALL` in declaration order, `code()`, `label()`, `from_code()`,
/// the [`CodeList`] impl and, with `ssr`, `sqlx::Type` + `sqlx::Decode` for a text column:
/// a row field typed as the enum decodes its code or fails with [`UnknownCode`].
macro_rules! code_list {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = ($code:literal, $label:literal) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $( $(#[$variant_meta])* $variant ),+
        }

        impl $name {
            /// Every entry, in declaration order.
            pub const ALL: [$name; [$($code),+].len()] = [$($name::$variant),+];

            /// The code stored in the database and sent by forms.
            pub const fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            /// The words a person reads.
            pub const fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label),+
                }
            }

            /// The entry stored as `code`, if the list has one.
            pub fn from_code(code: &str) -> Option<$name> {
                match code {
                    $($code => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl $crate::codes::CodeList for $name {
            const ALL: &'static [Self] = &$name::ALL;

            fn code(self) -> &'static str {
                $name::code(self)
            }

            fn label(self) -> &'static str {
                $name::label(self)
            }

            fn from_code(code: &str) -> Option<Self> {
                $name::from_code(code)
            }
        }

        #[cfg(feature = "ssr")]
        impl<DB: sqlx::Database> sqlx::Type<DB> for $name
        where
            str: sqlx::Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <str as sqlx::Type<DB>>::type_info()
            }

            fn compatible(ty: &DB::TypeInfo) -> bool {
                <str as sqlx::Type<DB>>::compatible(ty)
            }
        }

        #[cfg(feature = "ssr")]
        impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for $name
        where
            &'r str: sqlx::Decode<'r, DB>,
        {
            fn decode(
                value: <DB as sqlx::Database>::ValueRef<'r>,
            ) -> Result<Self, sqlx::error::BoxDynError> {
                let code = <&'r str as sqlx::Decode<'r, DB>>::decode(value)?;
                $crate::codes::decode(stringify!($name), code).map_err(Into::into)
            }
        }
    };
}
pub(crate) use code_list;

/// A stored code its list does not know. sqlx wraps it with the column's name
/// (`ColumnDecode`), and `AppError::from(sqlx::Error)` logs that and answers `Internal`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{code:?} is not a {list} code")]
pub struct UnknownCode {
    /// The list's type name: `WorkforceRole`.
    pub list: &'static str,
    pub code: String,
}

/// The entry of `T` stored as `code`; `list` names the list in the error.
pub fn decode<T: CodeList>(list: &'static str, code: &str) -> Result<T, UnknownCode> {
    T::from_code(code).ok_or_else(|| UnknownCode {
        list,
        code: code.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    code_list! {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        enum Fruit {
            Apple = ("apple", "Apple"),
            /// A doc comment on an entry is kept.
            BloodOrange = ("blood_orange", "Blood orange"),
        }
    }

    #[test]
    fn every_entry_round_trips_through_its_code() {
        assert_eq!(Fruit::ALL, [Fruit::Apple, Fruit::BloodOrange]);
        for fruit in Fruit::ALL {
            assert_eq!(Fruit::from_code(fruit.code()), Some(fruit));
            assert_eq!(<Fruit as CodeList>::from_code(fruit.code()), Some(fruit));
            assert_eq!(decode::<Fruit>("Fruit", fruit.code()), Ok(fruit));
        }
        assert_eq!(Fruit::BloodOrange.code(), "blood_orange");
        assert_eq!(Fruit::BloodOrange.label(), "Blood orange");
        assert_eq!(<Fruit as CodeList>::ALL, &Fruit::ALL);
    }

    #[test]
    fn an_unknown_code_is_none_and_decoding_it_names_the_list_and_the_code() {
        assert_eq!(Fruit::from_code("pear"), None);
        assert_eq!(Fruit::from_code("Apple"), None, "codes are exact");
        let error = decode::<Fruit>("Fruit", "pear").unwrap_err();
        assert_eq!(error.to_string(), r#""pear" is not a Fruit code"#);
    }

    #[test]
    fn labels_match_ignoring_case_and_spaces() {
        assert_eq!(
            Fruit::from_label(" blood ORANGE "),
            Some(Fruit::BloodOrange)
        );
        assert_eq!(Fruit::from_label("pear"), None);
        assert_eq!(Fruit::labels(), vec!["Apple", "Blood orange"]);
    }

    #[test]
    fn the_wire_format_is_the_variant_name() {
        let json = serde_json::to_string(&Fruit::BloodOrange).unwrap();
        assert_eq!(json, r#""BloodOrange""#);
    }
}

#[cfg(all(test, feature = "ssr"))]
mod database {
    use sqlx::Connection;

    code_list! {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        enum Fruit {
            Apple = ("apple", "Apple"),
        }
    }

    #[tokio::test]
    async fn a_row_with_an_unknown_code_fails_to_decode_naming_the_column() {
        let mut conn = sqlx::SqliteConnection::connect("sqlite::memory:")
            .await
            .unwrap();
        let known: Fruit = sqlx::query_scalar("SELECT 'apple'")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(known, Fruit::Apple);
        #[derive(Debug, sqlx::FromRow)]
        struct Basket {
            #[allow(dead_code)]
            fruit: Fruit,
        }
        let error = sqlx::query_as::<_, Basket>("SELECT 'pear' AS fruit")
            .fetch_one(&mut conn)
            .await
            .unwrap_err();
        let sqlx::Error::ColumnDecode { index, source } = &error else {
            panic!("expected a column decode error, got {error:?}");
        };
        assert!(index.contains("fruit"), "{index}");
        assert_eq!(source.to_string(), r#""pear" is not a Fruit code"#);
    }
}
