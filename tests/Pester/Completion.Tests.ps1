BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module $ModuleManifest -Force
    function Complete([string] $line) {
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
    }
}

Describe 'Tab completion' {
    It 'completes -OpName from every version when no file is named' {
        $m = Complete 'Get-PyInstruction -OpName LOAD_FA'
        $m | Should -Contain 'LOAD_FAST'
    }

    It 'completes -OpName from the version of the file named by -Path' {
        $py27 = Get-FixturePyc 2.7 classes
        Complete "Get-PyInstruction -Path '$py27' -OpName PRINT_I" | Should -Contain 'PRINT_ITEM'
        $py312 = Get-FixturePyc 3.12 classes
        Complete "Get-PyInstruction -Path '$py312' -OpName PRINT_I" | Should -BeNullOrEmpty
    }

    It 'offers for -OpName only opcodes that can be in a .pyc: no specialised or instrumented ones' {
        $py312 = Get-FixturePyc 3.12 classes
        $m = Complete "Get-PyInstruction -Path '$py312' -OpName LOAD_ATTR"
        $m | Should -Contain 'LOAD_ATTR'
        $m | Should -Not -Contain 'LOAD_ATTR_SLOT'
        Complete "Get-PyInstruction -Path '$py312' -OpName INSTRUMENTED_" | Should -BeNullOrEmpty
        Complete 'Get-PyInstruction -OpName BINARY_OP_ADD' | Should -BeNullOrEmpty
    }

    It 'completes Get-PyOpcode -Name from -PythonVersion' {
        Complete 'Get-PyOpcode -PythonVersion 3.13 -Name LOAD_FAST_L' | Should -Contain 'LOAD_FAST_LOAD_FAST'
        Complete 'Get-PyOpcode -PythonVersion 3.11 -Name LOAD_FAST_L' | Should -BeNullOrEmpty
        # The table lists specialised forms too, so completion of its names does.
        Complete 'Get-PyOpcode -PythonVersion 3.12 -Name LOAD_ATTR_S' | Should -Contain 'LOAD_ATTR_SLOT'
    }

    It 'completes -PythonVersion' {
        Complete 'Get-PyOpcode -PythonVersion 3.1' | Should -Contain '3.15'
    }
}
