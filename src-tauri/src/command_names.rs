// The commands the UI may call, by name. Read by build.rs (each becomes an `allow-…`
// permission that capabilities/default.json grants) and checked against the registered
// commands by the bindings test, so the two lists cannot drift apart.
pub const COMMAND_NAMES: &[&str] = &[
    "startup_plan",
    "plans_folder",
    "templates",
    "recent_plans",
    "list_folder",
    "create_plan",
    "open_plan",
    "open_demo",
    "apply",
    "receive_update",
    "catch_up",
    "review",
    "versions",
    "create_version",
    "set_me",
    "close_plan",
    "export_plan",
    "host_plan",
    "stop_hosting",
    "find_hosts",
    "join_session",
    "leave_session",
    "session",
    "set_section",
];
