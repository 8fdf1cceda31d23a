"""The subcommands of `xl-opgave`; each module has `registreer(subparsers)` and a `voer_uit(args) -> int`."""
