using System;
using System.Collections.Generic;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;

namespace Tollgate.Analysis.Metadata;

/// <summary>One decoded IL instruction: its offset, opcode and operand (a token, a branch target, a number or a string handle).</summary>
internal readonly struct ILInstruction
{
    public ILInstruction(int offset, ILOpCode code, long operand, int[]? targets)
    {
        Offset = offset;
        Code = code;
        Operand = operand;
        Targets = targets;
    }

    public int Offset { get; }

    public ILOpCode Code { get; }

    /// <summary>Metadata token, inline number, local or argument index, or a branch target offset.</summary>
    public long Operand { get; }

    /// <summary>The targets of a <c>switch</c>.</summary>
    public int[]? Targets { get; }

    public int Token => (int)Operand;
}

/// <summary>
/// Decodes method bodies into instructions without trusting them: an unknown opcode or an operand running past the
/// end ends the body as malformed instead of throwing.
/// </summary>
internal static class ILInstructions
{
    private static readonly OpCode?[] OneByte = new OpCode?[256];
    private static readonly OpCode?[] TwoByte = new OpCode?[256];

    // Flat tables for the decoder, which runs on every body: one- then two-byte opcodes.
    private static readonly OperandType[] Operands = new OperandType[512];
    private static readonly bool[] Valid = new bool[512];

    static ILInstructions()
    {
        // The runtime's own opcode table (of our runtime, not of scanned code): operand kinds and stack behaviour.
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.GetValue(null) is OpCode code)
            {
                var value = (ushort)code.Value;
                var index = code.Size == 1 ? value & 0xFF : 256 + (value & 0xFF);
                (code.Size == 1 ? OneByte : TwoByte)[value & 0xFF] = code;
                Operands[index] = code.OperandType;
                Valid[index] = true;
            }
        }
    }

    public static OpCode? Describe(ILOpCode code)
    {
        var value = (ushort)code;
        return value > 0xFF ? TwoByte[value & 0xFF] : OneByte[value];
    }

    /// <summary>Decodes a body; returns false (with what was decoded so far) when the IL is malformed.</summary>
    public static bool TryDecode(BlobReader reader, List<ILInstruction> into, int maxInstructions = 1 << 20)
    {
        while (reader.RemainingBytes > 0)
        {
            if (into.Count >= maxInstructions)
            {
                return false;
            }

            var offset = reader.Offset;
            int value = reader.ReadByte();
            OperandType type;
            if (value == 0xFE)
            {
                if (reader.RemainingBytes < 1)
                {
                    return false;
                }

                var second = reader.ReadByte();
                if (!Valid[256 + second])
                {
                    return false;
                }

                type = Operands[256 + second];
                value = 0xFE00 | second;
            }
            else if (!Valid[value])
            {
                return false;
            }
            else
            {
                type = Operands[value];
            }

            long operand = 0;
            int[]? targets = null;
            if (type == OperandType.InlineSwitch)
            {
                if (reader.RemainingBytes < 4)
                {
                    return false;
                }

                var count = reader.ReadUInt32();
                if (count > (uint)reader.RemainingBytes / 4)
                {
                    return false;
                }

                targets = new int[count];
                var baseOffset = reader.Offset + (int)count * 4;
                for (var i = 0; i < count; i++)
                {
                    targets[i] = baseOffset + reader.ReadInt32();
                }
            }
            else if (OperandSize(type) > reader.RemainingBytes)
            {
                return false;
            }
            else
            {
                switch (type)
                {
                    case OperandType.ShortInlineBrTarget:
                        operand = reader.ReadSByte();
                        operand += reader.Offset;
                        break;
                    case OperandType.InlineBrTarget:
                        operand = reader.ReadInt32();
                        operand += reader.Offset;
                        break;
                    case OperandType.ShortInlineI:
                        operand = value == 0x1F ? reader.ReadSByte() : reader.ReadByte();
                        break;
                    case OperandType.ShortInlineVar:
                        operand = reader.ReadByte();
                        break;
                    case OperandType.InlineVar:
                        operand = reader.ReadUInt16();
                        break;
                    case OperandType.InlineI8:
                        operand = reader.ReadInt64();
                        break;
                    case OperandType.InlineR:
                        operand = BitConverter.DoubleToInt64Bits(reader.ReadDouble());
                        break;
                    case OperandType.ShortInlineR:
                        operand = BitConverter.DoubleToInt64Bits(reader.ReadSingle());
                        break;
                    case OperandType.InlineNone:
                        break;
                    default:
                        operand = reader.ReadInt32();
                        break;
                }
            }

            into.Add(new ILInstruction(offset, (ILOpCode)value, operand, targets));
        }

        return true;
    }

    /// <summary>Whether an instruction branches to its operand.</summary>
    public static bool IsBranch(ILOpCode code)
    {
        var value = (int)code;
        var index = value > 0xFF ? 256 + (value & 0xFF) : value;
        return Operands[index] is OperandType.InlineBrTarget or OperandType.ShortInlineBrTarget;
    }

    private static int OperandSize(OperandType type) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };

    /// <summary>Whether control never falls through to the next instruction.</summary>
    public static bool EndsFlow(ILOpCode code) => code is ILOpCode.Br or ILOpCode.Br_s or ILOpCode.Leave or ILOpCode.Leave_s
        or ILOpCode.Ret or ILOpCode.Throw or ILOpCode.Rethrow or ILOpCode.Endfinally or ILOpCode.Endfilter or ILOpCode.Jmp;
}
