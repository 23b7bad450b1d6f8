using Hw2.MLNet.Samples.Commands;

return RootCommandFactory.Create().Parse(RootCommandFactory.WithDefaultCommand(args)).Invoke();
