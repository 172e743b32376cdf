using System.ComponentModel;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Server;

namespace Litware.Mcp.TextTools;

public static partial class TextTools
{
    [McpServerTool(ReadOnly = true, OpenWorld = false), Description("Converts text to Title Case.")]
    public static async Task<string> ToTitleCaseAsync(string text, CancellationToken cancellationToken)
    {
        // Large inputs: do the work on the thread pool.
        return await Task.Run(() => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(text.ToLowerInvariant()), cancellationToken);
    }
}
