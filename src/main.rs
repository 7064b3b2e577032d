use clap::Parser;

fn main() {
    let args = lvzhi::cli::Args::parse();
    if let Err(e) = lvzhi::cli::run(args) {
        let code = e.exit_code();
        let e = anyhow::Error::from(e);
        eprintln!("lvzhi：{e:#}");
        std::process::exit(code);
    }
}
