"""Governance: an admin's decisions about an account that reach across capabilities. Disabling one ends its
sessions and suspends a doctor's listing (``accounts``), then settles its future appointments (``booking``);
enabling reverses the suspension. It sits above both, so neither imports the other, and announces nothing itself."""
