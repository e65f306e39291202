namespace Hub.Cli;

/// <summary>Progress of long work: a bar redrawn in place on a terminal, a plain line now and then otherwise (a log, a pipe).</summary>
public sealed class ProgressLine(TextWriter output, bool terminal, int total, string unit) : IProgress<(int Done, string Title)>
{
    private const int Width = 30;
    private int _lastReported;

    public static bool IsTerminal(TextWriter output) => ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;

    public void Report((int Done, string Title) value)
    {
        if (terminal)
        {
            var filled = total == 0 ? Width : value.Done * Width / total;
            var title = value.Title.Length > 40 ? value.Title[..39] + "…" : value.Title;
            output.Write($"\r[{new string('#', filled)}{new string(' ', Width - filled)}] {value.Done}/{total} {unit}  {title,-40}");
            if (value.Done == total)
            {
                output.WriteLine();
            }
        }
        else if (value.Done == total || value.Done - _lastReported >= Math.Max(1, total / 10))
        {
            _lastReported = value.Done;
            output.WriteLine($"{value.Done}/{total} {unit}");
        }
    }
}
