using System.ComponentModel;
using System.Text;

namespace Litware.Mcp.TextTools;

public static class CaseConverter
{
    [Description("Converts 'SomeText here' to 'some_text_here'.")]
    public static string ToSnake(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsUpper(c) && i > 0 && text[i - 1] != ' ' && text[i - 1] != '_')
            {
                sb.Append('_');
            }

            sb.Append(c == ' ' || c == '-' ? '_' : char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }
}
