"""Present: what people see — the command line now; reports and the web app later."""
