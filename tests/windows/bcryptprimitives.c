/*
 * A stand-in bcryptprimitives.dll, for running Campaign Kit's Windows programs under wine in
 * the tests only. Rust's standard library gets its random numbers from ProcessPrng in
 * bcryptprimitives.dll, which Windows 10 and 11 have and wine 8.0 lacks; without it every Rust
 * .exe stops at once under that wine (status c0000135). This one answers ProcessPrng with
 * RtlGenRandom (SystemFunction036 in advapi32), which wine has.
 *
 * It must never ship: real Windows has the real one. tests/windows/build-stand-in.sh builds it
 * into target/, away from anything that is packaged.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
