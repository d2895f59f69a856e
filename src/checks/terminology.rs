//! Terminology: the run's glossary (`--glossary`, CSV/TSV or TBX) against each segment. The
//! glossary itself (reading, matching, the TBX language pair) is `crate::glossary`.

use super::{Check, Ctx, Rule};
use crate::finding::Finding;

/// `term-missing`, `term-forbidden`.
pub struct Terminology;

impl Check for Terminology {
    fn rules(&self) -> &'static [Rule] {
        &[Rule::TermMissing, Rule::TermForbidden]
    }

    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let Some(g) = ctx.glossary else {
            return;
        };
        // The run's languages choose a TBX termbase's pair.
        g.check_langs(
            ctx.text,
            ctx.source,
            ctx.source_lang.map(|l| l.code.as_str()),
            Some(ctx.lang.code.as_str()),
            out,
        );
    }
}
