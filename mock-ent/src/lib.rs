//! mock-ent: a faithful mock of the UJM student intranet.
