using Harvester.Cli;

return await HarvesterCommandLine.RunAsync(args, Console.Out, Console.Error);
