//go:build amd64 && !purego

#include "textflag.h"

// Offsets into avx2Consts.
#define FIRST_HIGH 0
#define FIRST_LOW 32
#define SECOND_HIGH 64
#define LOW_NIBBLE 96
#define HIGH 128
#define THIRD 160
#define FOURTH 192
#define INCOMPLETE 224

// func validAVX2(p []byte, tail *[32]byte, c *avx2Consts) bool
//
// Registers: Y0 the block, Y14 the previous block, Y15 the errors so far,
// Y13 non-zero if the previous block ended inside a character, Y8..Y12
// constants, Y1..Y7 scratch. p holds whole blocks; the padded tail is the
// last block, after which DX is zero.
TEXT ·validAVX2(SB), NOSPLIT, $0-41
	MOVQ p_base+0(FP), SI
	MOVQ p_len+8(FP), CX
	MOVQ tail+24(FP), DX
	MOVQ c+32(FP), DI

	VMOVDQU FIRST_HIGH(DI), Y8
	VMOVDQU FIRST_LOW(DI), Y9
	VMOVDQU SECOND_HIGH(DI), Y10
	VMOVDQU HIGH(DI), Y11
	VMOVDQU LOW_NIBBLE(DI), Y12
	VPXOR   Y13, Y13, Y13
	VPXOR   Y14, Y14, Y14
	VPXOR   Y15, Y15, Y15
	ADDQ    SI, CX

next:
	CMPQ    SI, CX
	JAE     tail
	VMOVDQU (SI), Y0
	ADDQ    $32, SI
	JMP     block

tail:
	TESTQ   DX, DX
	JZ      finish
	VMOVDQU (DX), Y0
	XORQ    DX, DX

block:
	VPMOVMSKB Y0, AX
	TESTL     AX, AX
	JNZ       multibyte
	// All ASCII: wrong only if the previous block left a character open.
	VPOR      Y13, Y15, Y15
	VPXOR     Y13, Y13, Y13
	VMOVDQU   Y0, Y14
	JMP       next

multibyte:
	VPERM2I128 $0x21, Y0, Y14, Y1 // previous block's high lane, this block's low lane
	VPALIGNR   $15, Y1, Y0, Y2    // the byte before each byte
	VPALIGNR   $14, Y1, Y0, Y3    // two bytes before
	VPALIGNR   $13, Y1, Y0, Y4    // three bytes before
	VPSRLW     $4, Y2, Y5
	VPAND      Y12, Y5, Y5
	VPSHUFB    Y5, Y8, Y5
	VPAND      Y12, Y2, Y6
	VPSHUFB    Y6, Y9, Y6
	VPSRLW     $4, Y0, Y7
	VPAND      Y12, Y7, Y7
	VPSHUFB    Y7, Y10, Y7
	VPAND      Y5, Y6, Y5
	VPAND      Y7, Y5, Y5         // pair classes of each byte with the one before
	VPSUBUSB   THIRD(DI), Y3, Y3
	VPSUBUSB   FOURTH(DI), Y4, Y4
	VPOR       Y3, Y4, Y3
	VPAND      Y11, Y3, Y3        // 0x80 where a third or fourth byte is due
	VPXOR      Y3, Y5, Y5
	VPOR       Y5, Y15, Y15
	VPSUBUSB   INCOMPLETE(DI), Y0, Y13
	VMOVDQU    Y0, Y14
	JMP        next

finish:
	VPTEST     Y15, Y15
	SETEQ      ret+40(FP)
	VZEROUPPER
	RET

