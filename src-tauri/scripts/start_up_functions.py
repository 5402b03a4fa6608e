"""Prints the linker names of the functions in PROGRAM that a callgrind run executed.

The run must be made with --dump-instr=yes.

Usage: start_up_functions.py CALLGRIND_OUT LINK_MAP PROGRAM
The link map (lld's -Map) says which function's section holds each address. See order-start-up-code.sh.
"""

import bisect
import re
import sys


def executed_addresses(callgrind_out, program):
    """Addresses of the instructions that ran inside the program (not in the system's libraries).

    Every instruction, not just the functions callgrind names: without symbols it names code
    only where it is called, and a function reached by a jump (a tail call) would be missed.
    Callgrind writes an instruction's address in full or as a step from the one before.
    """
    objects = {}  # callgrind writes each name once, then refers to it by number
    ran = set()
    in_program = False
    position = 0
    for line in open(callgrind_out, errors="replace"):
        if line.startswith(("ob=", "cob=")):
            number, _, name = line.split("=", 1)[1].strip().partition(" ")
            if name:
                objects[number] = name
            if line.startswith("ob="):
                in_program = objects.get(number, "").endswith("/" + program)
            continue
        first = line.split(" ", 1)[0]
        if first.startswith("0x"):
            position = int(first, 16)
        elif first[:1] in ("+", "-") and first[1:].isdigit():
            position += int(first)
        elif first != "*":
            continue
        if in_program:
            ran.add(position)
    return sorted(ran)


def function_sections(link_map):
    """(start, end, symbol) of each function's own section (.text.<symbol>) in the map."""
    sections = []
    pattern = re.compile(r"^\s*([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+\d+\s+\S.*:\(\.text\.(\S+)\)$")
    for line in open(link_map, errors="replace"):
        match = pattern.match(line)
        if match:
            start, size = int(match.group(1), 16), int(match.group(2), 16)
            symbol = re.sub(r"^(unlikely|hot|startup|exit|split)\.", "", match.group(3))
            sections.append((start, start + size, symbol))
    sections.sort()
    return sections


def main():
    callgrind_out, link_map, program = sys.argv[1:4]
    sections = function_sections(link_map)
    starts = [start for start, _, _ in sections]
    chosen = {}
    for address in executed_addresses(callgrind_out, program.split("/")[-1]):
        index = bisect.bisect_right(starts, address) - 1
        if index >= 0 and address < sections[index][1]:
            chosen[sections[index][0]] = sections[index][2]
    if not chosen:
        sys.exit("no function of the program was found in the callgrind run")
    printed = set()
    for start in sorted(chosen):
        if chosen[start] not in printed:
            printed.add(chosen[start])
            print(chosen[start])


main()
