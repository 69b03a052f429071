// `sqlx::migrate!` embeds the migrations at compile time and notices an edited file but not
// a new one: rebuild when anything under migrations/ changes (as sqlx's docs advise).
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
