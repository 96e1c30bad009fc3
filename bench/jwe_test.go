package bench

func jweWorkloads() []workload { return nil }
