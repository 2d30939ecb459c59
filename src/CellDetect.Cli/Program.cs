using CellDetect.Cli;

return CommandLineApp.Build().Run(args, Console.Out, Console.Error);
