//! The server's integration tests, as one test program: each module is a
//! part of the server seen from outside (HTTP, the real binary where a
//! process of its own is the point: a kill, a signal, the log, the CLI).
//! One program links the server and llama.cpp once, not once per file.

mod common;

mod accounts;
mod attacks;
mod bots;
mod compare;
mod conversations;
mod handlers;
mod http;
mod installable;
mod languages;
mod limits;
mod logging;
mod mcp;
mod openai_api;
mod openai_client;
mod openapi;
mod operations;
mod providers;
mod replicas;
mod shutdown;
mod site_files;
mod widget;
