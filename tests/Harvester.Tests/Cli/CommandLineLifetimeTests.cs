using System.CommandLine;
using System.Reflection;
using Harvester.Cli;

namespace Harvester.Tests.Cli;

/// <summary>
/// The worker builds a whole command line for every query it answers, so nothing may keep one alive: an option or
/// command in a static field records every tree it is added to (System.CommandLine keeps its parents), which leaked
/// a command tree per query in the worker soak (managed heap 17 -> 42 MB in 21 minutes).
/// </summary>
public sealed class CommandLineLifetimeTests
{
    [Fact]
    public void NoCommandLineSymbolLivesInAStaticField()
    {
        var statics = typeof(HarvesterCommandLine).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(f => typeof(Symbol).IsAssignableFrom(f.FieldType))
            .Select(f => $"{f.DeclaringType!.Name}.{f.Name}");
        Assert.Empty(statics);
    }

    [Fact]
    public async Task ManyCommandLines_LeaveNothingBehind()
    {
        // What the worker does for each query: a full command line, parsed and run. None of them may stay reachable.
        var trees = new List<WeakReference>();
        for (int i = 0; i < 20; i++)
        {
            var output = new StringWriter();
            trees.Add(new WeakReference(output));
            await HarvesterCommandLine.RunAsync(["--db", "/nonexistent/folder/h.db", "versions", "a.example"], output, TextWriter.Null, TestContext.Current.CancellationToken);
        }
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.True(trees.Count(t => t.IsAlive) <= 1, $"{trees.Count(t => t.IsAlive)} of 20 command lines still reachable");
    }
}
