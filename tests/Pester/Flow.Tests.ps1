# Measure-PyStackEffect and Get-PyBasicBlock over the interpreter-produced fixtures.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module $ModuleManifest -Force
}

Describe 'Measure-PyStackEffect over compiled code' {
    It 'emits one row per instruction and then the summary of each code object' {
        $out = Get-PyCodeObject -LiteralPath (Get-FixturePyc 3.12 core_control) -Name loops | Measure-PyStackEffect
        $rows = @($out | Where-Object { $_ -is [PyDis.Core.Records.PyStackEffect] })
        $summary = @($out | Where-Object { $_ -is [PyDis.Core.Records.PyStackDepth] })
        $summary.Count | Should -Be 1
        $out[-1] | Should -Be $summary[0]
        $rows.Count | Should -Be (@(Get-PyCodeObject -LiteralPath (Get-FixturePyc 3.12 core_control) -Name loops | Get-PyInstruction).Count)
        $rows[0].DepthBefore | Should -Be 0
        $summary[0].MaxDepth | Should -Be ($rows | Measure-Object DepthAfter -Maximum).Maximum
        $summary[0].Matches | Should -BeTrue
        $summary[0].StackSize | Should -Be (Get-PyCodeObject -LiteralPath (Get-FixturePyc 3.12 core_control) -Name loops).StackSize
    }

    It 'matches co_stacksize for every code object of <_>, or names a cause' -ForEach @('3.8', '3.12', '3.13', '3.15') {
        $all = Get-ChildItem (Join-Path $Fixtures $_) -Filter *.pyc | Measure-PyStackEffect -Summary
        $all | Should -Not -BeNullOrEmpty
        $all | Where-Object { -not $_.IsExplained } | Should -BeNullOrEmpty
        ($all | Where-Object Matches).Count | Should -BeGreaterThan ($all.Count - 2)
    }

    It 'names the 2.7 peephole pass when folded constants make co_stacksize larger' {
        $s = Measure-PyStackEffect -LiteralPath (Get-FixturePyc 2.7 constants) -Summary -Depth 0
        $s.Matches | Should -BeFalse
        $s.Cause | Should -BeExactly 'PeepholeConstantFolding'
        $s.IsExplained | Should -BeTrue
        $s.Reason | Should -Match 'co_stacksize 19'
    }

    It 'reports a missing file as PyDis.FileNotFound and measures the next one' {
        $out = Measure-PyStackEffect -LiteralPath (Join-Path $TestDrive 'none.pyc'), (Get-FixturePyc 3.12 imports) -Summary -ErrorVariable ev -ErrorAction SilentlyContinue
        $out | Should -Not -BeNullOrEmpty
        $ev[0].FullyQualifiedErrorId | Should -BeExactly 'PyDis.FileNotFound,PyDis.Commands.MeasurePyStackEffectCommand'
    }
}

Describe 'Measure-PyStackEffect -OpName / -Opcode (dis.stack_effect)' {
    It 'answers <OpName> <Arg> jump=<Jump> of Python <Version> with <Effect>' -ForEach @(
        @{ OpName = 'BUILD_TUPLE'; Arg = 3; Jump = $null; Version = '3.12'; Effect = -2 }
        @{ OpName = 'FOR_ITER'; Arg = 0; Jump = $true; Version = '3.11'; Effect = -1 }
        @{ OpName = 'FOR_ITER'; Arg = 0; Jump = $false; Version = '3.11'; Effect = 1 }
        @{ OpName = 'FOR_ITER'; Arg = 0; Jump = $null; Version = '3.11'; Effect = 1 }
        @{ OpName = 'CALL_FUNCTION'; Arg = 0x0102; Jump = $null; Version = '2.7'; Effect = -4 }
        @{ OpName = 'SETUP_FINALLY'; Arg = $null; Jump = $true; Version = '3.13'; Effect = 1 }
    ) {
        $p = @{ OpName = $OpName; PythonVersion = $Version }
        if ($null -ne $Arg) { $p.Arg = $Arg }
        if ($null -ne $Jump) { $p.Jump = [switch]$Jump }
        $r = Measure-PyStackEffect @p
        $r | Should -BeOfType PyDis.Core.Records.PyOpcodeStackEffect
        $r.Effect | Should -Be $Effect
        $r.Jump | Should -Be $Jump
    }

    It 'takes opcode numbers' {
        (Measure-PyStackEffect -Opcode 102 -Arg 4 -PythonVersion 3.8).OpName | Should -BeExactly 'BUILD_TUPLE'
    }

    It 'lists every opcode a wildcard matches and CPython answers for' {
        $r = Measure-PyStackEffect -OpName 'BUILD_*' -Arg 2 -PythonVersion 2.7
        $r.OpName | Should -Contain 'BUILD_TUPLE'
        $r.OpName | Should -Contain 'BUILD_MAP'
        ($r | Where-Object OpName -eq 'BUILD_TUPLE').Effect | Should -Be -1
    }

    It 'writes PyDis.InvalidStackEffect with CPython''s message where dis.stack_effect raises' {
        $r = Measure-PyStackEffect -OpName LOAD_CONST -PythonVersion 3.12 -ErrorVariable ev -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $ev[0].FullyQualifiedErrorId | Should -BeExactly 'PyDis.InvalidStackEffect,PyDis.Commands.MeasurePyStackEffectCommand'
        $ev[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $ev[0].Exception.Message | Should -Match 'opcode requires oparg but oparg was not specified$'
        Measure-PyStackEffect -OpName FOR_ITER -Arg 0 -Jump -PythonVersion 3.7 -ErrorVariable ev2 -ErrorAction SilentlyContinue
        $ev2[0].Exception.Message | Should -Match "TypeError.*unexpected keyword argument 'jump'"
    }

    It 'refuses a bad -PythonVersion with a terminating error' {
        { Measure-PyStackEffect -OpName NOP -PythonVersion 4.0 -ErrorAction SilentlyContinue } |
            Should -Throw -ErrorId 'PyDis.InvalidPythonVersion,PyDis.Commands.MeasurePyStackEffectCommand'
    }
}

Describe 'Get-PyBasicBlock' {
    It 'emits the blocks of a code object with their edges and entry depths' {
        $blocks = Get-PyCodeObject -LiteralPath (Get-FixturePyc 3.13 core_control) -Name tries | Get-PyBasicBlock
        $blocks[0].Index | Should -Be 0
        $blocks[0].StartOffset | Should -Be 0
        $blocks[0].DepthOnEntry | Should -Be 0
        ($blocks | Where-Object IsHandler) | Should -Not -BeNullOrEmpty
        ($blocks | Where-Object { $_.Successors -match 'Exception \[1\] lasti' }) | Should -Not -BeNullOrEmpty
        ($blocks | Measure-Object InstructionCount -Sum).Sum |
            Should -Be (@(Get-PyCodeObject -LiteralPath (Get-FixturePyc 3.13 core_control) -Name tries | Get-PyInstruction).Count)
    }

    It 'draws DOT and Mermaid text, one graph per code object' {
        $code = Get-PyCodeObject -LiteralPath (Get-FixturePyc 3.12 core_control) -Name loops
        $dot = $code | Get-PyBasicBlock -As Dot
        $dot | Should -BeOfType string
        $dot | Should -Match '^digraph "<module>\.loops" \{'
        $mermaid = $code | Get-PyBasicBlock -As Mermaid
        $mermaid | Should -Match '^flowchart TD\n'
        @(Get-PyBasicBlock -LiteralPath (Get-FixturePyc 3.12 core_control) -As Dot).Count |
            Should -Be @(Get-PyCodeObject -LiteralPath (Get-FixturePyc 3.12 core_control)).Count
    }
}
