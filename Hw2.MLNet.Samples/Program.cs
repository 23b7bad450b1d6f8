using Hw2.MLNet.Samples.Commands;

return RootCommandFactory.Run(args, Console.Error);
