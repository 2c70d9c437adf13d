// Benchmarks: written in a later step.
return 0;
