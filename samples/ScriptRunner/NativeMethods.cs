using System.Runtime.InteropServices;

namespace Woodgrove.AI.Scripting;

internal static class NativeMethods
{
    [DllImport("libc", EntryPoint = "getpid")]
    internal static extern int GetPid();
}
