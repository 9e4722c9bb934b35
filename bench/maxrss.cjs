// Preloaded into measured processes: reports peak resident memory on exit.
process.on('exit', () => process.stderr.write(`\nMAXRSS_KB ${process.resourceUsage().maxRSS}\n`));
