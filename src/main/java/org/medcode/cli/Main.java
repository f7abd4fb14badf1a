package org.medcode.cli;

public final class Main {
  public static void main(String[] args) {
    System.out.println("hello");
  }
}
