"""One module per command, each with NAME, HELP, arguments() and run()."""
