//go:build amd64 && !purego

#include "textflag.h"

// func applyAVX2(k64 uint64, b []byte) int
TEXT ·applyAVX2(SB), NOSPLIT, $0-40
	MOVQ k64+0(FP), AX
	MOVQ b_base+8(FP), SI
	MOVQ b_len+16(FP), CX
	MOVQ AX, X0
	VPBROADCASTQ X0, Y0
	XORQ DX, DX
	MOVQ CX, BX
	ANDQ $-128, BX
	JZ   tail

loop128:
	VPXOR   (SI)(DX*1), Y0, Y1
	VPXOR   32(SI)(DX*1), Y0, Y2
	VPXOR   64(SI)(DX*1), Y0, Y3
	VPXOR   96(SI)(DX*1), Y0, Y4
	VMOVDQU Y1, (SI)(DX*1)
	VMOVDQU Y2, 32(SI)(DX*1)
	VMOVDQU Y3, 64(SI)(DX*1)
	VMOVDQU Y4, 96(SI)(DX*1)
	ADDQ    $128, DX
	CMPQ    DX, BX
	JB      loop128

tail:
	MOVQ CX, BX
	ANDQ $-32, BX
	CMPQ DX, BX
	JAE  done

loop32:
	VPXOR   (SI)(DX*1), Y0, Y1
	VMOVDQU Y1, (SI)(DX*1)
	ADDQ    $32, DX
	CMPQ    DX, BX
	JB      loop32

done:
	VZEROUPPER
	MOVQ DX, ret+32(FP)
	RET

