/// Parsing a library allocates many small strings; mimalloc makes that several
/// times cheaper than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    brief::cli::main()
}
