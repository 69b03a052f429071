//! The two migration folders describe one schema: after migrating a fresh SQLite and a
//! fresh PostgreSQL database, both have the same tables, each with the same columns, each
//! column with the same nullability and type family. A column added on one side only, or
//! given another type or nullability, fails here with the difference spelled out.

use app::plumbing::Db;
use std::collections::BTreeMap;
use std::fmt;
use tests::{spawn_app, DbKind};

/// What the application can store in a column, whichever database holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Integer,
    Text,
    Real,
    Boolean,
    Timestamp,
    Date,
    Blob,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Column {
    family: Family,
    nullable: bool,
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let null = if self.nullable { "NULL" } else { "NOT NULL" };
        write!(f, "{:?} {null}", self.family)
    }
}

/// Table → column → what it holds.
type Schema = BTreeMap<String, BTreeMap<String, Column>>;

/// sqlx's own bookkeeping, not part of Linkway's schema.
const MIGRATIONS_TABLE: &str = "_sqlx_migrations";

/// The SQLite migrations declare INTEGER, BIGINT, TEXT, REAL, BOOLEAN, TIMESTAMP, DATE and
/// BLOB. A type not listed here stops the test rather than slipping through.
fn sqlite_family(table: &str, column: &str, declared: &str) -> Family {
    match declared.to_ascii_uppercase().as_str() {
        "INTEGER" | "BIGINT" | "INT" | "SMALLINT" => Family::Integer,
        "TEXT" => Family::Text,
        "REAL" | "DOUBLE" | "DOUBLE PRECISION" => Family::Real,
        "BOOLEAN" => Family::Boolean,
        "TIMESTAMP" => Family::Timestamp,
        "DATE" => Family::Date,
        "BLOB" => Family::Blob,
        other => panic!(
            "SQLite column {table}.{column} is declared {other:?}, which the schema-parity \
             test does not map to a type family: add it to sqlite_family"
        ),
    }
}

/// The PostgreSQL migrations use BIGINT, TEXT, DOUBLE PRECISION, BOOLEAN, TIMESTAMPTZ, DATE
/// and BYTEA (as `information_schema` names them). Timestamps are `DateTime<Utc>`, so a
/// timestamp without a time zone is not mapped.
fn postgres_family(table: &str, column: &str, data_type: &str) -> Family {
    match data_type {
        "bigint" | "integer" | "smallint" => Family::Integer,
        "text" => Family::Text,
        "double precision" | "real" => Family::Real,
        "boolean" => Family::Boolean,
        "timestamp with time zone" => Family::Timestamp,
        "date" => Family::Date,
        "bytea" => Family::Blob,
        other => panic!(
            "PostgreSQL column {table}.{column} has type {other:?}, which the schema-parity \
             test does not map to a type family: add it to postgres_family"
        ),
    }
}

async fn sqlite_schema(pool: &sqlx::SqlitePool) -> Schema {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master
         WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> $1",
    )
    .bind(MIGRATIONS_TABLE)
    .fetch_all(pool)
    .await
    .expect("SQLite tables");
    let mut schema = Schema::new();
    for table in tables {
        let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
            r#"SELECT name, type, "notnull", pk FROM pragma_table_info($1) ORDER BY cid"#,
        )
        .bind(&table)
        .fetch_all(pool)
        .await
        .expect("SQLite columns");
        let key_columns = rows.iter().filter(|(.., pk)| *pk > 0).count();
        let columns = rows
            .iter()
            .map(|(name, declared, not_null, pk)| {
                // A lone INTEGER PRIMARY KEY is the rowid and never NULL. Any other primary
                // key column in SQLite accepts NULL unless it is declared NOT NULL.
                let rowid =
                    *pk == 1 && key_columns == 1 && declared.eq_ignore_ascii_case("INTEGER");
                let column = Column {
                    family: sqlite_family(&table, name, declared),
                    nullable: *not_null == 0 && !rowid,
                };
                (name.clone(), column)
            })
            .collect();
        schema.insert(table, columns);
    }
    schema
}

async fn postgres_schema(pool: &sqlx::PgPool) -> Schema {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT c.table_name::TEXT, c.column_name::TEXT, c.data_type::TEXT, c.is_nullable::TEXT
         FROM information_schema.columns c
         JOIN information_schema.tables t
           ON t.table_schema = c.table_schema AND t.table_name = c.table_name
         WHERE c.table_schema = current_schema()
           AND t.table_type = 'BASE TABLE'
           AND c.table_name <> $1",
    )
    .bind(MIGRATIONS_TABLE)
    .fetch_all(pool)
    .await
    .expect("PostgreSQL columns");
    let mut schema = Schema::new();
    for (table, name, data_type, is_nullable) in rows {
        let column = Column {
            family: postgres_family(&table, &name, &data_type),
            nullable: is_nullable == "YES",
        };
        schema.entry(table).or_default().insert(name, column);
    }
    schema
}

/// One line per difference, empty when the schemas agree.
fn differences(sqlite: &Schema, postgres: &Schema) -> Vec<String> {
    let mut lines = Vec::new();
    let tables: std::collections::BTreeSet<&String> =
        sqlite.keys().chain(postgres.keys()).collect();
    for table in tables {
        let (lite, pg) = match (sqlite.get(table), postgres.get(table)) {
            (Some(lite), Some(pg)) => (lite, pg),
            (Some(_), None) => {
                lines.push(format!("table {table}: only in SQLite"));
                continue;
            }
            (None, Some(_)) => {
                lines.push(format!("table {table}: only in PostgreSQL"));
                continue;
            }
            (None, None) => continue,
        };
        let columns: std::collections::BTreeSet<&String> = lite.keys().chain(pg.keys()).collect();
        for column in columns {
            match (lite.get(column), pg.get(column)) {
                (Some(l), Some(p)) if l == p => {}
                (Some(l), Some(p)) => {
                    lines.push(format!("{table}.{column}: SQLite {l}, PostgreSQL {p}"));
                }
                (Some(l), None) => lines.push(format!("{table}.{column}: only in SQLite ({l})")),
                (None, Some(p)) => {
                    lines.push(format!("{table}.{column}: only in PostgreSQL ({p})"));
                }
                (None, None) => {}
            }
        }
    }
    lines
}

#[tokio::test]
async fn sqlite_and_postgres_migrate_to_the_same_schema() {
    let sqlite_app = spawn_app(DbKind::Sqlite).await;
    let postgres_app = spawn_app(DbKind::Postgres).await;
    let sqlite = match &sqlite_app.db {
        Db::Sqlite(pool) => sqlite_schema(pool).await,
        Db::Postgres(_) => panic!("spawn_app(Sqlite) answered a PostgreSQL database"),
    };
    let postgres = match &postgres_app.db {
        Db::Postgres(pool) => postgres_schema(pool).await,
        Db::Sqlite(_) => panic!("spawn_app(Postgres) answered a SQLite database"),
    };
    // Both readings found the schema, so agreement below is not two empty maps.
    for (name, schema) in [("SQLite", &sqlite), ("PostgreSQL", &postgres)] {
        assert!(
            schema.contains_key("recommendations") && schema.contains_key("audit_events"),
            "{name} schema read back without Linkway's tables: {:?}",
            schema.keys().collect::<Vec<_>>()
        );
    }

    let differences = differences(&sqlite, &postgres);
    assert!(
        differences.is_empty(),
        "migrations/sqlite and migrations/postgres have drifted apart \
         ({} difference(s)):\n  {}",
        differences.len(),
        differences.join("\n  ")
    );
}
