using Hw2.MLNet.Samples.Commands;
using Hw2.MLNet.Samples.Terminal;

using var interrupt = new ConsoleInterrupt();
return RootCommandFactory.Run(args, Console.Error, interrupt.Token);
