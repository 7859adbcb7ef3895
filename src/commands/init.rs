//! `taizhang init`: being written.

use super::Context;
use crate::cli::InitArgs;
use anyhow::{Result, bail};
use std::io::Write;

pub fn run(_ctx: &Context, _args: &InitArgs, _out: &mut dyn Write) -> Result<u8> {
    bail!("taizhang init is not available yet")
}
