package bench

func jwkWorkloads() []workload { return nil }
