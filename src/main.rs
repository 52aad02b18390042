//! The `ent-guide` command line.

fn main() {
    println!("ent-guide: nothing here yet");
}
