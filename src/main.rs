//! The `mtlint` binary: everything happens in [`mtlint::cli::run`].

fn main() {
    std::process::exit(mtlint::cli::run(std::env::args_os()));
}
