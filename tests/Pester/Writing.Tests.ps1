BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module $ModuleManifest -Force
    # The patch target every interpreter compiled (tests/fixtures/patch): GREETING = 'hello', compute, fail.
    $target312 = Join-Path $Fixtures 'patch/3.12/target.pyc'
    $target27 = Join-Path $Fixtures 'patch/2.7/target.pyc'
    function Get-Sha256([string] $Path) { (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash.ToLowerInvariant() }
    function Get-PatchRun([string] $Version, [string] $Name) {
        (Get-Content (Join-Path $Fixtures "patch/$Version/runs.json") -Raw | ConvertFrom-Json).runs | Where-Object name -eq $Name
    }
}

Describe 'Export-PyPyc' {
    It 'writes an unchanged file back byte for byte (<Version> <Name>)' -ForEach @(
        @{ Version = '2.7'; Name = 'constants' }, @{ Version = '3.8'; Name = 'classes' }, @{ Version = '3.12'; Name = 'core_control' },
        @{ Version = '3.13'; Name = 'hashed_pyc' }, @{ Version = '3.15'; Name = 'py315_forms' }
    ) {
        $in = Get-FixturePyc $Version $Name
        $out = Join-Path $TestDrive "$Version-$Name.pyc"
        Get-PyCodeObject -LiteralPath $in | Select-Object -First 1 | Export-PyPyc $out
        Get-Sha256 $out | Should -Be (Get-Sha256 $in)
    }

    It 'writes the file of a nested code object: its whole module' {
        $out = Join-Path $TestDrive 'nested.pyc'
        Get-PyCodeObject -LiteralPath $target312 -Name fail | Export-PyPyc $out -PassThru | Should -BeOfType ([IO.FileInfo])
        Get-Sha256 $out | Should -Be (Get-Sha256 $target312)
    }

    It 'refuses an existing file without -Force, and writes nothing with -WhatIf' {
        $out = Join-Path $TestDrive 'exists.pyc'
        Set-Content $out 'keep me'
        Get-PyCodeObject -LiteralPath $target312 | Select-Object -First 1 | Export-PyPyc $out -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -BeExactly 'PyDis.WriteError,PyDis.Commands.ExportPyPycCommand'
        Get-Content $out | Should -Be 'keep me'
        Get-PyCodeObject -LiteralPath $target312 | Select-Object -First 1 | Export-PyPyc $out -Force -WhatIf
        Get-Content $out | Should -Be 'keep me'
        Get-PyCodeObject -LiteralPath $target312 | Select-Object -First 1 | Export-PyPyc $out -Force
        Get-Sha256 $out | Should -Be (Get-Sha256 $target312)
        Get-ChildItem $TestDrive -Filter '*.tmp' -Force | Should -BeNullOrEmpty
    }

    It 'stamps a checked hash-based header from -SourcePath' {
        $source = Join-Path $Fixtures 'patch/target.py'
        $out = Join-Path $TestDrive 'hashed.pyc'
        Get-PyCodeObject -LiteralPath $target312 | Select-Object -First 1 | Export-PyPyc $out -Invalidation CheckedHash -SourcePath $source
        $info = Get-PyPycInfo -LiteralPath $out
        $info.Validation | Should -Be 'CheckedHash'
        $info.SourceHash | Should -Match '^[0-9a-f]{16}$'
    }
}

Describe 'Edit-PyCodeObject' {
    It 'changes one constant: the bytes the 3.12 interpreter ran (tests/fixtures/patch)' {
        $i = (Get-PyConstant -LiteralPath $target312 -Depth 0 | Where-Object Repr -eq "'hello'").Index
        $out = Join-Path $TestDrive 'constant.pyc'
        Edit-PyCodeObject -LiteralPath $target312 -SetConstant @{ $i = 'patched' } | Export-PyPyc $out
        Get-Sha256 $out | Should -Be (Get-PatchRun 3.12 constant).sha256
        (Get-PatchRun 3.12 constant).output | Should -Match '^patched'
    }

    It 'does the same on 2.7, where a str constant is bytes' {
        $i = (Get-PyConstant -LiteralPath $target27 -Depth 0 | Where-Object Repr -eq "'hello'").Index
        $out = Join-Path $TestDrive 'constant27.pyc'
        Edit-PyCodeObject -LiteralPath $target27 -SetConstant @{ $i = 'patched' } | Export-PyPyc $out
        Get-Sha256 $out | Should -Be (Get-PatchRun 2.7 constant).sha256
    }

    It 'reaches a nested code object by -CodePath and returns it with its code path' {
        $new = Edit-PyCodeObject -LiteralPath $target312 -CodePath '<module>.fail' -Name 'fail2'
        $new.CodePath | Should -Be '<module>.fail2'
        $new.Level | Should -Be 1
        $new.Name | Should -Be 'fail2'
    }

    It 'chains: a second edit of the result keeps the first' {
        $a = Edit-PyCodeObject -LiteralPath $target312 -CodePath '<module>.fail' -Name 'one'
        $b = $a | Edit-PyCodeObject -CodePath '<module>.compute' -Name 'two'
        $out = Join-Path $TestDrive 'chained.pyc'
        $b | Export-PyPyc $out
        (Get-PyCodeObject -LiteralPath $out).Name | Should -Be @('<module>', 'two', 'one', 'where', 'main')
    }

    It 'reassembles unchanged instructions to the same bytes' {
        $ins = Get-PyInstruction -LiteralPath $target27 | Where-Object CodePath -eq '<module>.compute'
        $out = Join-Path $TestDrive 'same.pyc'
        Edit-PyCodeObject -LiteralPath $target27 -CodePath '<module>.compute' -Instruction $ins | Export-PyPyc $out
        Get-Sha256 $out | Should -Be (Get-Sha256 $target27)
    }

    It 'inserts a hashtable instruction; jumps keep their targets' {
        $ins = @(Get-PyInstruction -LiteralPath $target312 | Where-Object CodePath -eq '<module>.compute')
        $new = @($ins[0]) + @(@{ OpName = 'NOP' }) + @($ins[1..($ins.Count - 1)])
        $code = Edit-PyCodeObject -LiteralPath $target312 -CodePath '<module>.compute' -Instruction $new
        $after = @(Get-PyInstruction -InputObject $code)
        $after.Count | Should -Be ($ins.Count + 1)
        $after[1].OpName | Should -Be 'NOP'
        $forIter = $after | Where-Object OpName -eq 'FOR_ITER'
        ($after | Where-Object OpName -eq 'JUMP_BACKWARD').JumpTarget | Should -Be $forIter.Offset
    }

    It 'refuses <Case> naming the code object and instruction' -ForEach @(
        @{ Case = 'an opname 3.12 lacks'; Instruction = @(@{ OpName = 'PRINT_ITEM' }); Message = '*code object <module>.fail, instruction 0 (PRINT_ITEM): Python 3.12 has no opcode named PRINT_ITEM*' }
        @{ Case = 'an argument out of range'; Instruction = @(@{ OpName = 'LOAD_CONST'; Arg = 99 }, @{ OpName = 'RETURN_VALUE' }); Message = '*instruction 0 (LOAD_CONST 99)*co_consts has*' }
        @{ Case = 'a jump to a missing label'; Instruction = @(@{ OpName = 'JUMP_FORWARD'; Target = 'nowhere' }); Message = "*jump to label 'nowhere'*" }
    ) {
        Edit-PyCodeObject -LiteralPath $target312 -CodePath '<module>.fail' -Instruction $Instruction -ErrorVariable ev -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $ev[0].FullyQualifiedErrorId | Should -BeExactly 'PyDis.CannotWrite,PyDis.Commands.EditPyCodeObjectCommand'
        $ev[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $ev[0].Exception.Message | Should -BeLike $Message
    }

    It 'takes piped instruction records as the new instructions of the code object they came from' {
        # Before -InputInstruction, each piped record bound its Path to -Path: one edit of the whole file per row.
        $out = Join-Path $TestDrive 'piped-same.pyc'
        $edited = @(Get-PyInstruction -LiteralPath $target27 | Where-Object CodePath -eq '<module>.compute' | Edit-PyCodeObject)
        $edited.Count | Should -Be 1
        $edited[0].CodePath | Should -BeExactly '<module>.compute'
        $edited | Export-PyPyc $out
        Get-Sha256 $out | Should -Be (Get-Sha256 $target27)
    }

    It 'edits each code object the piped records came from, one result per file holding every edit' {
        $rows = @(Get-PyInstruction -LiteralPath $target312)
        $kept = $rows | Where-Object { -not ($_.CodePath -eq '<module>.compute' -and $_.Offset -eq 0) }
        $edited = @($kept | Edit-PyCodeObject)
        $edited.Count | Should -Be 1
        $out = Join-Path $TestDrive 'piped-all.pyc'
        $edited | Export-PyPyc $out
        $after = @(Get-PyInstruction -LiteralPath $out)
        $after.Count | Should -Be ($rows.Count - 1)
        @($after | Where-Object CodePath -ne '<module>.compute').OpName | Should -Be @($rows | Where-Object CodePath -ne '<module>.compute').OpName
    }

    It 'refuses piped records together with -Instruction, and records without a file' {
        Get-PyInstruction -LiteralPath $target312 | Edit-PyCodeObject -Instruction @() -ErrorVariable ev -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $ev[0].FullyQualifiedErrorId | Should -BeExactly 'PyDis.CannotWrite,PyDis.Commands.EditPyCodeObjectCommand'
        ConvertFrom-PyBytecode '640053' -PythonVersion 3.12 | Edit-PyCodeObject -ErrorVariable ev2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $ev2[0].Exception.Message | Should -BeLike '*without a file*'
    }

    It 'refuses a field the version does not have' {
        Edit-PyCodeObject -LiteralPath $target27 -QualName 'x' -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].Exception.Message | Should -BeLike '*Python 2.7 code objects have no co_qualname*'
    }
}

Describe 'ConvertTo-PyBytecode' {
    It 'assembles hashtables for a version' {
        $code = @(@{ OpName = 'RESUME'; Arg = 0; Line = 1 }, @{ OpName = 'LOAD_CONST'; Arg = 0 }, @{ OpName = 'RETURN_VALUE' }) |
            ConvertTo-PyBytecode -PythonVersion 3.12
        $code.Code | Should -Be '970064005300'
        $code.GetCode() | Should -Be ([byte[]](0x97, 0, 0x64, 0, 0x53, 0))
        "$code" | Should -Be '970064005300'
    }

    It 'resolves labels and pipes into ConvertFrom-PyBytecode' {
        $rows = @(
            @{ OpName = 'LOAD_FAST'; Arg = 0; Line = 1 }
            @{ OpName = 'POP_JUMP_IF_FALSE'; Target = 'else' }
            @{ OpName = 'LOAD_CONST'; Arg = 1 }
            @{ OpName = 'RETURN_VALUE' }
            @{ OpName = 'LOAD_CONST'; Arg = 2; Label = 'else' }
            @{ OpName = 'RETURN_VALUE' }
        ) | ConvertTo-PyBytecode -PythonVersion 3.10 | ConvertFrom-PyBytecode -PythonVersion 3.10
        ($rows | Where-Object OpName -eq 'POP_JUMP_IF_FALSE').JumpTarget | Should -Be 8
    }

    It 'gives back the co_code of instruction objects, taking their version' {
        $ins = Get-PyInstruction -LiteralPath $target312 | Where-Object CodePath -eq '<module>.compute'
        ($ins | ConvertTo-PyBytecode).Code | Should -Be (Get-PyCodeObject -LiteralPath $target312 -Name compute).Code
    }

    It 'needs -PythonVersion for hashtables' {
        @{ OpName = 'NOP' } | ConvertTo-PyBytecode -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -BeExactly 'PyDis.InvalidPythonVersion,PyDis.Commands.ConvertToPyBytecodeCommand'
    }
}
