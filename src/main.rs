use std::io::Write;

use clap::Parser;

fn main() {
    let args = lvzhi::cli::Args::parse();
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
