// Entry point of the `budget-agent` command line (see src/cli/).
process.stderr.write('budget-agent: not built yet\n');
process.exit(1);
