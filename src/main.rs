use std::io::Write;

// A province's load is millions of small strings made and freed on two threads: mimalloc
// does that faster than glibc's allocator (docs/performance.md, issue 16).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // A shell asking for completions (LVZHI_COMPLETE=bash lvzhi -- …): answered, then exit.
    clap_complete::CompleteEnv::with_factory(lvzhi::cli::command)
        .var(lvzhi::cli::complete::VAR)
        .complete();
    let args = match lvzhi::cli::parse_command_line() {
        Ok(args) => args,
        Err(e) => match lvzhi::cli::usage_error(&e) {
            // Unusable input: one Chinese line, exit 2.
            Some(message) => {
                let message = lvzhi::inert::text(&message).into_owned();
                let _ = writeln!(std::io::stderr(), "lvzhi：{message}");
                std::process::exit(2);
            }
            None => e.exit(),
        },
    };
    match lvzhi::cli::run(args) {
        Ok(0) => {}
        Ok(code) => std::process::exit(code),
        Err(e) => {
            let code = e.exit_code();
            let e = anyhow::Error::from(e);
            // Not eprintln!: stderr may be a terminal that has gone away, which is no panic.
            // Messages quote file names and cells, which may carry escape sequences.
            let message = lvzhi::inert::text(&format!("{e:#}")).into_owned();
            let _ = writeln!(std::io::stderr(), "lvzhi：{message}");
            std::process::exit(code);
        }
    }
}
