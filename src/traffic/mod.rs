//! Traffic routers: build the objects that split traffic between stable and canary.

pub mod nginx;
