using CellDetect.Cli;

using var app = CommandLineApp.Build();
return app.Run(args, Console.Out, Console.Error);
