using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using Microsoft.CodeAnalysis;

namespace Tollgate.Analysis.Metadata;

/// <summary>
/// An abstract value on the evaluation stack, in a local or a field: the data it may carry (<see cref="Labels"/>),
/// its text where known (<c>*</c> for unknown parts, alternatives one per line, as <see cref="ConstantText"/> writes them),
/// and, for delegates, the method they call. Stack entries are shared by reference, so a value changed through
/// one alias (an array filled after <c>dup</c>, a builder appended to) is changed for all.
/// </summary>
internal sealed class Cell
{
    public ulong Labels;
    public string? Text;

    /// <summary>The text ends with, or was built from, the directory separator: a containment root.</summary>
    public bool Separator;

    /// <summary>An object made here (array, instance); stored into a local it stays the same object.</summary>
    public bool Object;

    public IMethodSymbol? Function;

    /// <summary>A length or count: comparing it with a number checks the shape of the data, not its value.</summary>
    public bool Shape;

    /// <summary>A number, boolean or other value that cannot carry an injection into text built from it.</summary>
    public bool NoText;

    /// <summary>A type or method named by a token or by a constant string (<c>typeof</c>, <c>Type.GetType("…")</c>, <c>GetMethod("…")</c>).</summary>
    public ISymbol? Reflected;

    /// <summary>A null reference: storing it (a state machine clearing a hoisted local) adds no possible value.</summary>
    public bool IsNull;

    /// <summary>The tool a factory call registered, as an index into what the reading of registrations found; -1 for none.</summary>
    public int Registration = -1;

    /// <summary>Constant values set through setters on this object (<c>Name</c>, <c>Description</c> of an options object).</summary>
    public Dictionary<string, string?>? Properties;

    /// <summary>The offset of the call whose boolean answer this is, when that call is a check; -1 otherwise.</summary>
    public int CheckAt = -1;

    public static Cell Of(ulong labels) => new() { Labels = labels };

    public static Cell Constant(string text) => new() { Text = text };

    public string Evaluate() => Text ?? "*";

    public static Cell Join(Cell a, Cell b)
    {
        if (ReferenceEquals(a, b) || b.IsNull)
        {
            return a;
        }

        if (a.IsNull)
        {
            return b;
        }

        return new Cell
        {
            Labels = a.Labels | b.Labels,
            Text = JoinText(a.Text, b.Text),
            Separator = a.Separator || b.Separator,
            Object = a.Object || b.Object,
            Function = a.Function ?? b.Function,
            Reflected = a.Reflected ?? b.Reflected,
            Registration = a.Registration >= 0 ? a.Registration : b.Registration,
            NoText = a.NoText && b.NoText,
        };
    }

    /// <summary>Alternatives, one per line, at most eight; anything unknown makes that alternative <c>*</c>.</summary>
    public static string? JoinText(string? a, string? b)
    {
        if (a == b)
        {
            return a;
        }

        var alternatives = (a ?? "*").Split('\n').Concat((b ?? "*").Split('\n')).Distinct().ToList();
        return alternatives.Count > 8 ? "*" : string.Join("\n", alternatives);
    }
}

/// <summary>What the interpreter asks of an analysis at the places data moves between the method and the rest of the program.</summary>
internal abstract class ILVisitor
{
    public abstract Cell Argument(int index);

    public virtual void StoreArgument(int index, Cell value) => Argument(index).Labels |= value.Labels;

    /// <summary>A call, virtual call or object creation; returns the result (ignored for void methods).</summary>
    public abstract Cell Invoke(int offset, ILOpCode code, ResolvedMember target, Cell? receiver, Cell[] arguments);

    public virtual Cell LoadField(int offset, ResolvedMember field, Cell? instance) => Cell.Of(instance?.Labels ?? 0);

    public virtual void StoreField(int offset, ResolvedMember field, Cell? instance, Cell value)
    {
    }

    public virtual Cell Function(int offset, ResolvedMember target) => new() { Function = target.Symbol as IMethodSymbol };

    /// <summary>A <c>ldtoken</c>: the type it names, for reflection.</summary>
    public virtual Cell Token(int offset, int token) => new();

    /// <summary>A comparison of two values (<c>==</c> on numbers and enums, a branch on equality, a <c>switch</c> when <paramref name="right"/> is null).</summary>
    public virtual void Compare(int offset, Cell left, Cell? right)
    {
    }

    /// <summary>A branch on a value (<c>brtrue</c>, <c>brfalse</c>): an <c>if</c> on it.</summary>
    public virtual void Branch(ILInstruction branch, Cell condition)
    {
    }

    /// <summary>A value thrown away (<c>pop</c>): a call made as a statement, its result unused.</summary>
    public virtual void Discard(Cell value)
    {
    }

    public virtual void Return(Cell value)
    {
    }
}

/// <summary>
/// Runs a method body over abstract values: one pass in IL order with the stack merged where branches meet,
/// locals flow-insensitive (a local holds everything ever stored in it). It never follows a call: the visitor decides.
/// </summary>
internal sealed class ILInterpreter
{
    private const int MaxStack = 512;

    private readonly MetadataModule _module;
    private readonly MetadataSymbols _symbols;
    private readonly IReadOnlyList<ILInstruction> _instructions;
    private readonly HashSet<int> _handlers;
    private Cell[] _locals = Array.Empty<Cell>();

    public ILInterpreter(MetadataModule module, MetadataSymbols symbols, MethodDefinitionHandle method)
    {
        _module = module;
        _symbols = symbols;
        var decoded = module.Decoded(method);
        _instructions = decoded.Instructions;
        _handlers = decoded.Handlers;
    }


    /// <summary>Runs the body once; locals keep what earlier runs stored, so running twice reaches a loop's later stores.</summary>
    public void Run(ILVisitor visitor)
    {
        var stack = new List<Cell>();
        var pending = new Dictionary<int, List<Cell>>();
        var live = true;
        foreach (var instruction in _instructions)
        {
            var offset = instruction.Offset;
            if (pending.TryGetValue(offset, out var saved))
            {
                stack = live && stack.Count == saved.Count ? stack.Zip(saved, Cell.Join).ToList() : new List<Cell>(saved);
                pending.Remove(offset);
            }
            else if (!live)
            {
                stack.Clear();
            }

            if (_handlers.Contains(offset))
            {
                stack.Clear();
                stack.Add(new Cell { Object = true });
            }

            live = true;
            if (stack.Count > MaxStack)
            {
                stack.Clear();
            }

            Step(instruction, stack, pending, visitor);
            if (ILInstructions.EndsFlow(instruction.Code))
            {
                live = false;
            }
        }
    }

    private void Step(ILInstruction instruction, List<Cell> stack, Dictionary<int, List<Cell>> pending, ILVisitor visitor)
    {
        var code = instruction.Code;
        var offset = instruction.Offset;
        switch (code)
        {
            case ILOpCode.Ldarg_0: case ILOpCode.Ldarg_1: case ILOpCode.Ldarg_2: case ILOpCode.Ldarg_3:
                stack.Add(visitor.Argument(code - ILOpCode.Ldarg_0));
                return;
            case ILOpCode.Ldarg_s: case ILOpCode.Ldarg: case ILOpCode.Ldarga_s: case ILOpCode.Ldarga:
                stack.Add(visitor.Argument((int)instruction.Operand));
                return;
            case ILOpCode.Starg_s: case ILOpCode.Starg:
                visitor.StoreArgument((int)instruction.Operand, Pop(stack));
                return;
            case ILOpCode.Ldloc_0: case ILOpCode.Ldloc_1: case ILOpCode.Ldloc_2: case ILOpCode.Ldloc_3:
                stack.Add(Local(code - ILOpCode.Ldloc_0));
                return;
            case ILOpCode.Ldloc_s: case ILOpCode.Ldloc: case ILOpCode.Ldloca_s: case ILOpCode.Ldloca:
                stack.Add(Local((int)instruction.Operand));
                return;
            case ILOpCode.Stloc_0: case ILOpCode.Stloc_1: case ILOpCode.Stloc_2: case ILOpCode.Stloc_3:
                StoreLocal(code - ILOpCode.Stloc_0, Pop(stack));
                return;
            case ILOpCode.Stloc_s: case ILOpCode.Stloc:
                StoreLocal((int)instruction.Operand, Pop(stack));
                return;
            case ILOpCode.Ldstr:
                stack.Add(Cell.Constant(UserString(instruction.Token)));
                return;
            case ILOpCode.Ldc_i4_m1: case ILOpCode.Ldc_i4_0: case ILOpCode.Ldc_i4_1: case ILOpCode.Ldc_i4_2: case ILOpCode.Ldc_i4_3:
            case ILOpCode.Ldc_i4_4: case ILOpCode.Ldc_i4_5: case ILOpCode.Ldc_i4_6: case ILOpCode.Ldc_i4_7: case ILOpCode.Ldc_i4_8:
                stack.Add(Cell.Constant(((int)(code - ILOpCode.Ldc_i4_0)).ToString(CultureInfo.InvariantCulture)));
                return;
            case ILOpCode.Ldc_i4_s: case ILOpCode.Ldc_i4: case ILOpCode.Ldc_i8:
                stack.Add(Cell.Constant(instruction.Operand.ToString(CultureInfo.InvariantCulture)));
                return;
            case ILOpCode.Ldnull:
                stack.Add(new Cell { IsNull = true });
                return;
            case ILOpCode.Dup:
                var top = Pop(stack);
                stack.Add(top);
                stack.Add(top);
                return;
            case ILOpCode.Ldfld: case ILOpCode.Ldflda:
                stack.Add(visitor.LoadField(offset, _symbols.Member(_module, instruction.Token), Pop(stack)));
                return;
            case ILOpCode.Ldsfld: case ILOpCode.Ldsflda:
                stack.Add(visitor.LoadField(offset, _symbols.Member(_module, instruction.Token), null));
                return;
            case ILOpCode.Stfld:
            {
                var value = Pop(stack);
                visitor.StoreField(offset, _symbols.Member(_module, instruction.Token), Pop(stack), value);
                return;
            }

            case ILOpCode.Stsfld:
                visitor.StoreField(offset, _symbols.Member(_module, instruction.Token), null, Pop(stack));
                return;
            case ILOpCode.Call: case ILOpCode.Callvirt: case ILOpCode.Newobj:
            {
                var target = _symbols.Member(_module, instruction.Token);
                var arguments = new Cell[target.ParameterCount];
                for (var i = arguments.Length - 1; i >= 0; i--)
                {
                    arguments[i] = Pop(stack);
                }

                var receiver = target.HasThis && code != ILOpCode.Newobj ? Pop(stack) : null;
                var result = visitor.Invoke(offset, code, target, receiver, arguments);
                if (code == ILOpCode.Newobj || !target.ReturnsVoid)
                {
                    stack.Add(result);
                }

                return;
            }

            case ILOpCode.Calli:
            {
                var count = StandAloneParameterCount(instruction.Token, out var hasThis, out var returnsVoid);
                Pop(stack);
                var labels = 0UL;
                for (var i = 0; i < count + (hasThis ? 1 : 0); i++)
                {
                    labels |= Pop(stack).Labels;
                }

                if (!returnsVoid)
                {
                    stack.Add(Cell.Of(labels));
                }

                return;
            }

            case ILOpCode.Ldftn:
                stack.Add(visitor.Function(offset, _symbols.Member(_module, instruction.Token)));
                return;
            case ILOpCode.Ldvirtftn:
                Pop(stack);
                stack.Add(visitor.Function(offset, _symbols.Member(_module, instruction.Token)));
                return;
            case ILOpCode.Ldtoken:
                stack.Add(visitor.Token(offset, instruction.Token));
                return;
            case ILOpCode.Newarr:
                Pop(stack);
                stack.Add(new Cell { Object = true });
                return;
            case ILOpCode.Box: case ILOpCode.Unbox_any: case ILOpCode.Castclass: case ILOpCode.Isinst:
                stack.Add(Pop(stack));
                return;
            case ILOpCode.Pop:
                visitor.Discard(Pop(stack));
                return;
            case ILOpCode.Brtrue: case ILOpCode.Brtrue_s: case ILOpCode.Brfalse: case ILOpCode.Brfalse_s:
                visitor.Branch(instruction, Pop(stack));
                Branch(pending, (int)instruction.Operand, stack);
                return;
            case ILOpCode.Ret:
                if (stack.Count > 0)
                {
                    visitor.Return(Pop(stack));
                }

                stack.Clear();
                return;
            case ILOpCode.Switch:
                visitor.Compare(offset, Pop(stack), null);
                foreach (var target in instruction.Targets!)
                {
                    Branch(pending, target, stack);
                }

                return;
            case ILOpCode.Beq: case ILOpCode.Beq_s: case ILOpCode.Bne_un: case ILOpCode.Bne_un_s:
            {
                var right = Pop(stack);
                visitor.Compare(offset, Pop(stack), right);
                Branch(pending, (int)instruction.Operand, stack);
                return;
            }

            case ILOpCode.Ceq:
            {
                var right = Pop(stack);
                var left = Pop(stack);
                visitor.Compare(offset, left, right);
                stack.Add(Cell.Of(left.Labels | right.Labels));
                return;
            }

            case ILOpCode.Leave: case ILOpCode.Leave_s:
                stack.Clear();
                Branch(pending, (int)instruction.Operand, stack);
                return;
        }

        // Everything else by the runtime's stack behaviour: results carry what their operands carried.
        if (ILInstructions.Describe(code) is not { } description)
        {
            stack.Clear();
            return;
        }

        if (description.StackBehaviourPop is StackBehaviour.Popref_popi_popi or StackBehaviour.Popref_popi_popi8 or StackBehaviour.Popref_popi_popr4
            or StackBehaviour.Popref_popi_popr8 or StackBehaviour.Popref_popi_popref or StackBehaviour.Popref_popi_pop1)
        {
            // stelem: the array now holds the value.
            var element = Pop(stack);
            Pop(stack);
            Pop(stack).Labels |= element.Labels;
            return;
        }

        var popped = 0UL;
        var text = (string?)null;
        var pops = Pops(description.StackBehaviourPop);
        for (var i = 0; i < pops; i++)
        {
            var cell = Pop(stack);
            popped |= cell.Labels;
            text = i == 0 ? cell.Text : null;
        }

        var pushes = Pushes(description.StackBehaviourPush);
        for (var i = 0; i < pushes; i++)
        {
            stack.Add(new Cell { Labels = popped, Text = pops == 1 && code.ToString().StartsWith("Conv", StringComparison.Ordinal) ? text : null });
        }

        if (description.FlowControl == FlowControl.Cond_Branch || description.FlowControl == FlowControl.Branch)
        {
            Branch(pending, (int)instruction.Operand, stack);
        }
    }

    private static void Branch(Dictionary<int, List<Cell>> pending, int target, List<Cell> stack)
    {
        pending[target] = pending.TryGetValue(target, out var existing) && existing.Count == stack.Count
            ? existing.Zip(stack, Cell.Join).ToList()
            : new List<Cell>(stack);
    }

    private static Cell Pop(List<Cell> stack)
    {
        if (stack.Count == 0)
        {
            return new Cell();
        }

        var cell = stack[stack.Count - 1];
        stack.RemoveAt(stack.Count - 1);
        return cell;
    }

    private Cell Local(int index)
    {
        if (index >= _locals.Length)
        {
            if (index > 0xFFFF)
            {
                return new Cell();
            }

            var grown = new Cell[index + 1];
            Array.Copy(_locals, grown, _locals.Length);
            for (var i = _locals.Length; i < grown.Length; i++)
            {
                grown[i] = new Cell();
            }

            _locals = grown;
        }

        return _locals[index];
    }

    /// <summary>An object keeps its identity in the local (later changes through either are seen); other values merge into what the local held.</summary>
    private void StoreLocal(int index, Cell value)
    {
        var local = Local(index);
        if (ReferenceEquals(local, value) || index >= _locals.Length || value.IsNull)
        {
            return;
        }

        if (value.Object || value.Function != null || value.Reflected != null || value.Registration >= 0)
        {
            value.Labels |= local.Labels;
            _locals[index] = value;
            return;
        }

        local.Labels |= value.Labels;
        local.Text = local.Text == null && local.Labels == value.Labels && !local.Object ? value.Text : Cell.JoinText(local.Text, value.Text);
        local.Separator |= value.Separator;
    }

    private string UserString(int token)
    {
        try
        {
            return _module.Reader.GetUserString(MetadataTokens.UserStringHandle(token & 0xFFFFFF));
        }
        catch (Exception ex) when (ex is BadImageFormatException or ArgumentException)
        {
            return "*";
        }
    }

    private int StandAloneParameterCount(int token, out bool hasThis, out bool returnsVoid)
    {
        hasThis = false;
        returnsVoid = false;
        try
        {
            var signature = _module.Reader.GetStandaloneSignature(MetadataTokens.StandaloneSignatureHandle(token & 0xFFFFFF));
            var blob = _module.Reader.GetBlobReader(signature.Signature);
            var header = blob.ReadSignatureHeader();
            hasThis = header.IsInstance;
            var count = blob.ReadCompressedInteger();
            returnsVoid = blob.RemainingBytes > 0 && blob.ReadSignatureTypeCode() == SignatureTypeCode.Void;
            return count;
        }
        catch (Exception ex) when (ex is BadImageFormatException or ArgumentException)
        {
            return 0;
        }
    }

    private static int Pops(StackBehaviour behaviour) => behaviour switch
    {
        StackBehaviour.Pop0 => 0,
        StackBehaviour.Pop1 or StackBehaviour.Popi or StackBehaviour.Popref => 1,
        StackBehaviour.Pop1_pop1 or StackBehaviour.Popi_pop1 or StackBehaviour.Popi_popi or StackBehaviour.Popi_popi8 or StackBehaviour.Popi_popr4
            or StackBehaviour.Popi_popr8 or StackBehaviour.Popref_pop1 or StackBehaviour.Popref_popi => 2,
        StackBehaviour.Popi_popi_popi or StackBehaviour.Popref_popi_popi or StackBehaviour.Popref_popi_popi8 or StackBehaviour.Popref_popi_popr4
            or StackBehaviour.Popref_popi_popr8 or StackBehaviour.Popref_popi_popref or StackBehaviour.Popref_popi_pop1 => 3,
        _ => 0,
    };

    private static int Pushes(StackBehaviour behaviour) => behaviour switch
    {
        StackBehaviour.Push0 => 0,
        StackBehaviour.Push1_push1 => 2,
        StackBehaviour.Push1 or StackBehaviour.Pushi or StackBehaviour.Pushi8 or StackBehaviour.Pushr4 or StackBehaviour.Pushr8 or StackBehaviour.Pushref => 1,
        _ => 0,
    };
}
